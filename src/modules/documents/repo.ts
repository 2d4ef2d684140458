import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { DocumentOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import type { RecordKind } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

/** Documents joined with their file's metadata (never its bytes). */
function selectDocuments(db: Db) {
  return db
    .selectFrom('documents')
    .innerJoin('files', 'files.id', 'documents.file_id')
    .selectAll('documents')
    .select(['files.filename', 'files.content_type', 'files.size_bytes', 'files.sha256']);
}

type DocumentRow = Awaited<ReturnType<ReturnType<typeof selectDocuments>['executeTakeFirstOrThrow']>>;

/** The file's metadata as `file`; never its id (the download routes name the document). */
export function toDocumentOut(row: DocumentRow): DocumentOut {
  const { file_id: _fileId, filename, content_type, size_bytes, sha256, ...document } = row;
  return { ...wireRow(document), file: wireRow({ filename, content_type, size_bytes, sha256 }) };
}

export async function listDocuments(
  db: Kysely<DB>,
  filter: { organizationId?: string; public?: boolean; q?: string },
  page: PageQuery,
) {
  let query = selectDocuments(db);
  if (filter.organizationId) query = query.where('documents.organization_id', '=', filter.organizationId);
  if (filter.public !== undefined) query = query.where('documents.public', '=', filter.public);
  if (filter.q) query = query.where('documents.title', 'ilike', `%${escapeLike(filter.q)}%`);
  return newestFirstPage(query, page, toDocumentOut, { column: 'documents.id', unchecked: true });
}

/** One document with its file's metadata; `lock` takes the row lock a write needs. */
export function findDocument(db: Db, id: string, lock = false) {
  let query = selectDocuments(db).where('documents.id', '=', id);
  if (lock) query = query.forUpdate('documents');
  return query.executeTakeFirst();
}

export const documentRecord: RecordKind<DocumentRow, DocumentOut> = {
  noun: 'Document',
  find: findDocument,
  toOut: toDocumentOut,
};

/** The document as it is now, read again inside the write's transaction. */
export function documentRow(trx: Transaction<DB>, id: string): Promise<DocumentRow> {
  return selectDocuments(trx).where('documents.id', '=', id).executeTakeFirstOrThrow();
}
