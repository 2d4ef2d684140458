import { sql, type Kysely, type SqlBool } from 'kysely';
import { membersOfGroups } from '../authz/membership.ts';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { queueMailToContacts } from './outbox.ts';

/** A user group as the group e-mail needs it: an always-group has every contact as a member. */
export type MailedGroup = { id: string; always: boolean };

/** Members expanded per transaction: small enough to keep each one short, large enough to be cheap. */
export const EXPANSION_CHUNK = 2_000;

/** The enabled members of the group (alias `c`, columns id and email). */
function enabledMembers(db: Db, group: MailedGroup) {
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.email'])
    .where('c.disabled', '=', false)
    .where(group.always ? sql<SqlBool>`true` : sql<SqlBool>`c.id in ${membersOfGroups([group.id])}`);
}

/**
 * Queues a group e-mail in the caller's transaction: one batch row holding the message and the
 * member count, not one row per member, so the request answers at once at any group size. The
 * worker expands it (`expandNextBatch`). Returns the members counted.
 */
export async function queueGroupMail(
  db: Db,
  group: MailedGroup,
  mail: { batchId: string; subject: string; text: string; staffUserId: string },
): Promise<number> {
  const counted = await db
    .selectFrom(enabledMembers(db, group).as('m'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const recipients = Number(counted.n);
  await db
    .insertInto('mail_batches')
    .values({
      id: mail.batchId,
      kind: 'group',
      user_group_id: group.id,
      subject: mail.subject,
      text_body: mail.text,
      recipients,
      created_by_staff_id: mail.staffUserId,
    })
    .execute();
  return recipients;
}

/**
 * Queues the next chunk of one pending batch's members as messages, in one transaction with the
 * batch's cursor (SKIP LOCKED: another instance takes another batch). Members are read now, so
 * one who was disabled or left the group since gets nothing (§9). False when none was pending.
 */
export async function expandNextBatch(
  db: Kysely<DB>,
  publicUrl: string,
  chunk = EXPANSION_CHUNK,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .selectFrom('mail_batches as b')
      .leftJoin('user_groups as g', 'g.id', 'b.user_group_id')
      .select([
        'b.id',
        'b.kind',
        'b.subject',
        'b.text_body',
        'b.html_body',
        'b.expanded_after',
        'g.id as group_id',
        'g.always',
      ])
      .where('b.expanded_at', 'is', null)
      .orderBy('b.id')
      .limit(1)
      .forUpdate(['b'])
      .skipLocked()
      .executeTakeFirst();
    if (!batch) return false;
    let queued: string[] = [];
    // A group deleted before its mail went out: nobody is left to send it to.
    if (batch.group_id !== null) {
      let members = enabledMembers(trx, { id: batch.group_id, always: batch.always ?? false });
      if (batch.expanded_after !== null) members = members.where('c.id', '>', batch.expanded_after);
      queued = await queueMailToContacts(trx, publicUrl, members.orderBy('c.id').limit(chunk), {
        kind: batch.kind,
        subject: batch.subject,
        text: batch.text_body,
        ...(batch.html_body === null ? {} : { html: batch.html_body }),
        batchId: batch.id,
      });
    }
    const last = queued.reduce<string | null>((max, id) => (max === null || id > max ? id : max), null);
    await trx
      .updateTable('mail_batches')
      .set({
        expanded_after: last ?? batch.expanded_after,
        ...(queued.length < chunk ? { expanded_at: sql<Date>`now()` } : {}),
      })
      .where('id', '=', batch.id)
      .execute();
    return true;
  });
}
