import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { importContacts } from './contacts-import.ts';
import { IssueList } from './import-input.ts';
import { importOrganizations, type ImportCounts } from './organizations-import.ts';
import type { CsvRecord } from './parse.ts';

/** A file read and parsed before the transaction (a malformed file writes nothing). */
export type CsvFile = { filename: string; header: CsvRecord; rows: CsvRecord[] };

type Importer = (trx: Transaction<DB>, records: CsvRecord[], issues: IssueList) => Promise<ImportCounts>;

const importers: Record<'organization' | 'contact', Importer> = {
  organization: importOrganizations,
  contact: importContacts,
};

/** Checks and writes one file; one audit row (the file, not its rows) when anything changed. */
export async function importCsv(
  ctx: ChangeContext,
  entityType: keyof typeof importers,
  file: CsvFile,
): Promise<ImportCounts> {
  const counts = await importers[entityType](ctx.trx, [file.header, ...file.rows], new IssueList());
  if (counts.created + counts.updated > 0)
    await audit(ctx, {
      action: 'import',
      entityType,
      after: { filename: file.filename, rows: file.rows.length, ...counts },
    });
  return counts;
}
