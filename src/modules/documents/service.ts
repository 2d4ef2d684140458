import { sql } from 'kysely';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { documentRecord, documentRow, toDocumentOut } from './repo.ts';
import type { DocumentOut, DocumentUpdate, DocumentUploadFields } from './schema.ts';

const documents = recordWrites({ ...documentRecord, entityType: 'document' });

export async function createDocument(
  ctx: ChangeContext,
  fields: DocumentUploadFields,
  upload: Upload,
): Promise<DocumentOut> {
  await requireOrganization(ctx.trx, fields.organizationId);
  const file = await storeFile(ctx.trx, upload);
  const { id } = await ctx.trx
    .insertInto('documents')
    .values({
      organization_id: fields.organizationId,
      title: fields.title,
      description: fields.description ?? '',
      public: fields.public === 'true',
      file_id: file.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return documents.created(ctx, await documentRow(ctx.trx, id));
}

export function updateDocument(ctx: ChangeContext, id: string, body: DocumentUpdate): Promise<DocumentOut> {
  return documents.update(ctx, id, async () => {
    if (body.organizationId) await requireOrganization(ctx.trx, body.organizationId);
    await ctx.trx
      .updateTable('documents')
      .set({ ...columnsOf(body), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
    return documentRow(ctx.trx, id);
  });
}

export async function replaceDocumentFile(
  ctx: ChangeContext,
  id: string,
  upload: Upload,
): Promise<DocumentOut> {
  const before = await documents.lock(ctx, id);
  const file = await storeFile(ctx.trx, upload);
  await ctx.trx
    .updateTable('documents')
    .set({ file_id: file.id, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  // One file per document: the replaced bytes go with the change, leaving no orphan.
  await ctx.trx.deleteFrom('files').where('id', '=', before.file_id).execute();
  const after = toDocumentOut(await documentRow(ctx.trx, id));
  await documents.log.changed(ctx, 'replace_file', id, toDocumentOut(before), after);
  return after;
}

export function deleteDocument(ctx: ChangeContext, id: string): Promise<void> {
  return documents.remove(ctx, id, async (before) => {
    await ctx.trx.deleteFrom('documents').where('id', '=', before.id).execute();
    await ctx.trx.deleteFrom('files').where('id', '=', before.file_id).execute();
  });
}
