import { audit, rolledBack, type ChangeContext } from '../audit/change.ts';
import { toPreviewOut } from '../access/preview/preview-out.ts';
import type { PreviewOut } from '../access/schema.ts';
import { importContacts } from './contacts-import.ts';
import { IssueList } from './import-input.ts';
import { importOrganizations, type ImportCounts } from './organizations-import.ts';
import type { CsvRecord } from './parse.ts';

/** A file read and parsed before the transaction (a malformed file writes nothing). */
export type CsvFile = { filename: string; header: CsvRecord; rows: CsvRecord[] };

/** One audit row for a file (not its rows), when anything changed. */
async function auditImport(
  ctx: ChangeContext,
  entityType: 'organization' | 'contact',
  file: CsvFile,
  counts: ImportCounts,
) {
  if (counts.created + counts.updated > 0)
    await audit(ctx, {
      action: 'import',
      entityType,
      after: { filename: file.filename, rows: file.rows.length, ...counts },
    });
}

/** Checks and writes an organizations file. */
export async function importOrganizationsCsv(ctx: ChangeContext, file: CsvFile): Promise<ImportCounts> {
  const counts = await importOrganizations(ctx.trx, [file.header, ...file.rows], new IssueList());
  await auditImport(ctx, 'organization', file, counts);
  return counts;
}

export type ContactsImportOut = ImportCounts & { dryRun: boolean; access: PreviewOut };

/**
 * Checks and writes a contacts file, answering what it did and who gained and lost access. A dry
 * run is the same import, refused the same way, rolled back afterwards (audit row included).
 */
export async function importContactsCsv(
  ctx: ChangeContext,
  file: CsvFile,
  dryRun: boolean,
): Promise<ContactsImportOut> {
  const run = async (): Promise<ContactsImportOut> => {
    const { access, ...counts } = await importContacts(ctx.trx, [file.header, ...file.rows], new IssueList());
    await auditImport(ctx, 'contact', file, counts);
    return { ...counts, dryRun, access: toPreviewOut(access) };
  };
  return dryRun ? rolledBack(ctx.trx, run) : run();
}
