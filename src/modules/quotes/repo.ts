import type { Selectable, Transaction } from 'kysely';
import type { DB, QuotesTable } from '../../db/schema.ts';
import { conflict, notFound } from '../../errors.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import { readLines } from './lines.ts';
import type { QuoteListQuery, QuoteOut, QuoteSummary } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

export type QuoteRow = Selectable<QuotesTable>;

export const toQuoteSummary = (row: QuoteRow): QuoteSummary => wireRow(row);

export async function toQuoteOut(row: QuoteRow, db: Db): Promise<QuoteOut> {
  const lines = await readLines(db, { kind: 'quote', id: row.id });
  return { ...toQuoteSummary(row), lines: lines.map((l) => ({ ...l, currency: row.currency })) };
}

/** One page of the quotes the filters (all optional) match. */
export async function listQuotes(db: Db, filter: QuoteListQuery) {
  let query = db.selectFrom('quotes').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return newestFirstPage(query, filter, toQuoteSummary);
}

export const quoteRecord = tableRecord('quotes', 'Quote', toQuoteOut);

/** Locks a quote that is still a draft, for an edit or a delete: 404 without it, 409 when sent. */
export async function lockDraftQuote(trx: Transaction<DB>, id: string): Promise<QuoteRow> {
  const row = await quoteRecord.find(trx, id, true);
  if (!row) throw notFound('Quote');
  if (row.status !== 'draft') throw conflict(`Only draft quotes can be changed; this one is ${row.status}.`);
  return row;
}
