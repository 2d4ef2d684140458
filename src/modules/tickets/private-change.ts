import { sql } from 'kysely';
import { z } from 'zod';
import { ticketReach } from '../../authz/tickets/bulk.ts';
import { TICKET_PATHS } from '../../authz/tickets/paths.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';

/**
 * Making a ticket private (docs/permissions.md, "Making a ticket private"): everyone who sees it
 * through a path a private ticket does not keep (scope, grant) loses it at once, so the requester
 * is told who, by name, and must confirm. Paths that reach private tickets (own; participants
 * once they exist) keep access: they come from TICKET_PATHS, so a new path needs no change here.
 */

/** How many names the answer lists; `count` is always the full number. */
export const LOSS_NAMES_SHOWN = 10;

export const AccessLossOut = z.object({
  /** Everyone (but the requester) who would lose access. */
  count: z.number().int(),
  /** The first LOSS_NAMES_SHOWN of them, those who commented first, then by name. */
  people: z.array(z.object({ name: z.string(), commented: z.boolean() })),
});
export type AccessLossOut = z.infer<typeof AccessLossOut>;

export const ConfirmRequiredOut = z.object({
  error: z.object({ code: z.literal('confirm_required'), message: z.string(), loseAccess: AccessLossOut }),
});

const KEPT_WHEN_PRIVATE = TICKET_PATHS.filter((p) => p.reachesPrivate).map((p) => p.kind);

/**
 * The contacts who see the ticket now and would not once it is private: the access review's
 * reach of the ticket (src/authz/tickets/bulk.ts, the same gates as a portal request), less every
 * contact with a path that reaches private tickets. One query; names only, never addresses.
 */
export async function accessLostIfPrivate(db: Db, ticketId: string): Promise<AccessLossOut> {
  const { rows } = await sql<{ name: string; commented: boolean; total: string }>`
    select ct.name,
      exists (select 1 from ticket_comments m where m.ticket_id = ${ticketId}::uuid and m.author_contact_id = ct.id) as commented,
      count(*) over () as total
    from (
      select r.contact_id from ${ticketReach(sql`select ${ticketId}::uuid`)} r
      group by r.contact_id
      having not bool_or(r.kind in (${sql.join(KEPT_WHEN_PRIVATE)}))
    ) lost
    join contacts ct on ct.id = lost.contact_id
    order by commented desc, ct.name, ct.id
    limit ${LOSS_NAMES_SHOWN}`.execute(db);
  return {
    count: Number(rows[0]?.total ?? 0),
    people: rows.map((r) => ({ name: r.name, commented: r.commented })),
  };
}

const listNames = (loss: AccessLossOut) => {
  const names = loss.people.map((p) => p.name);
  const more = loss.count - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
};

/**
 * A private change that would take access away and was not confirmed. Nothing has been written
 * (the transaction rolls back); the route answers 409 `confirm_required` with the list.
 */
export class PrivateConfirmRequired extends AppError {
  constructor(readonly loss: AccessLossOut) {
    super(
      'conflict',
      `Making this ticket private removes access for ${loss.count === 1 ? '1 person' : `${loss.count} people`}: ` +
        `${listNames(loss)}. Send confirm: true to go ahead.`,
    );
  }

  get body(): z.infer<typeof ConfirmRequiredOut> {
    return { error: { code: 'confirm_required', message: this.message, loseAccess: this.loss } };
  }
}
