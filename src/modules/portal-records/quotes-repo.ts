import { sql } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { ORGANIZATION_COLUMNS, organizationOf, refOrNull } from '../portal-shared/refs.ts';
import { LINE_COLUMNS, toLine } from './lines.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import type { PortalLine, PortalQuote } from './schema.ts';
import { visibleQuotes } from '../../authz/records/condition.ts';

/** Quotes the contact may see (never drafts): every read starts here. */
function visible(db: Db, actor: ContactActor) {
  return db
    .selectFrom('quotes as q')
    .innerJoin('organizations as o', 'o.id', 'q.organization_id')
    .leftJoin('contacts as qc', 'qc.id', 'q.contact_id')
    .leftJoin('contacts as dc', 'dc.id', 'q.decided_by_contact_id')
    .select([
      'q.id',
      'q.number',
      'q.title',
      'q.status',
      'q.total_cents',
      'q.currency',
      'q.valid_until',
      'q.sent_at',
      'q.decided_at',
      'q.created_at',
      'q.updated_at',
      ...ORGANIZATION_COLUMNS,
      'qc.id as contact_id',
      'qc.name as contact_name',
      'dc.id as decided_by_id',
      'dc.name as decided_by_name',
    ])
    .where(visibleQuotes(actor, 'q'));
}

function toQuote(r: RowOf<typeof visible>): PortalQuote {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    // visibleQuotes never matches a draft.
    status: r.status as PortalQuote['status'],
    totalCents: r.total_cents,
    currency: r.currency,
    validUntil: r.valid_until,
    sentAt: r.sent_at,
    decidedAt: r.decided_at,
    decidedBy: refOrNull(r.decided_by_id, r.decided_by_name),
    organization: organizationOf(r),
    contact: refOrNull(r.contact_id, r.contact_name),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listPortalQuotes(
  db: Db,
  actor: ContactActor,
  status: PortalQuote['status'] | undefined,
  page: PageQuery,
) {
  let query = visible(db, actor);
  if (status) query = query.where('q.status', '=', status);
  return pageById(query, 'q.id', 'desc', page, toQuote);
}

/** The lines of a visible quote, read through the same condition. */
async function quoteLines(db: Db, actor: ContactActor, id: string): Promise<PortalLine[]> {
  const rows = await db
    .selectFrom('quote_lines as l')
    .innerJoin('quotes as q', 'q.id', 'l.quote_id')
    .select([...LINE_COLUMNS, 'q.currency'])
    .where('l.quote_id', '=', id)
    .where(visibleQuotes(actor, 'q'))
    .orderBy('l.position')
    .execute();
  return rows.map(toLine);
}

/** A sent quote that has not run out may be accepted; any sent quote may be declined. */
export function quoteAbilities(
  actor: ContactActor,
  quote: { status: string; validUntil: string | null },
  today: string,
) {
  const decidable = actor.privileges.has('quotes.accept') && quote.status === 'sent';
  return {
    accept: decidable && (quote.validUntil === null || quote.validUntil >= today),
    decline: decidable,
  };
}

export async function findPortalQuote(db: Db, actor: ContactActor, id: string) {
  const row = await visible(db, actor)
    .select(sql<string>`current_date::text`.as('today'))
    .where('q.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const quote = toQuote(row);
  return {
    ...quote,
    lines: await quoteLines(db, actor, id),
    abilities: quoteAbilities(actor, quote, row.today),
  };
}
