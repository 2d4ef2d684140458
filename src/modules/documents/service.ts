import { sql } from 'kysely';
import { invalid } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { documentOut, findDocument, organizationExists, toDocumentOut } from './repo.ts';
import type { DocumentOut, DocumentUpdate, DocumentUploadFields } from './schema.ts';

const log = auditOf('document');

async function requireOrganizationField(ctx: ChangeContext, organizationId: string): Promise<void> {
  if (!(await organizationExists(ctx.trx, organizationId)))
    throw invalid('body.organizationId', 'no such organization');
}

export async function createDocument(
  ctx: ChangeContext,
  fields: DocumentUploadFields,
  upload: Upload,
): Promise<DocumentOut> {
  await requireOrganizationField(ctx, fields.organizationId);
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
  const after = await documentOut(ctx.trx, id);
  await log.created(ctx, after);
  return after;
}

export async function updateDocument(
  ctx: ChangeContext,
  id: string,
  body: DocumentUpdate,
): Promise<DocumentOut> {
  const { organizationId, title, description, public: isPublic } = body;
  const before = found(await findDocument(ctx.trx, id, true), 'Document');
  if (organizationId) await requireOrganizationField(ctx, organizationId);
  await ctx.trx
    .updateTable('documents')
    .set({
      ...(organizationId !== undefined ? { organization_id: organizationId } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(isPublic !== undefined ? { public: isPublic } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  const after = await documentOut(ctx.trx, id);
  await log.updated(ctx, id, toDocumentOut(before), after);
  return after;
}

export async function replaceDocumentFile(
  ctx: ChangeContext,
  id: string,
  upload: Upload,
): Promise<DocumentOut> {
  const before = found(await findDocument(ctx.trx, id, true), 'Document');
  const file = await storeFile(ctx.trx, upload);
  await ctx.trx
    .updateTable('documents')
    .set({ file_id: file.id, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  // One file per document: the replaced bytes go with the change, leaving no orphan.
  await ctx.trx.deleteFrom('files').where('id', '=', before.file_id).execute();
  const after = await documentOut(ctx.trx, id);
  await log.changed(ctx, 'replace_file', id, toDocumentOut(before), after);
  return after;
}

export async function deleteDocument(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findDocument(ctx.trx, id, true), 'Document');
  await ctx.trx.deleteFrom('documents').where('id', '=', before.id).execute();
  await ctx.trx.deleteFrom('files').where('id', '=', before.file_id).execute();
  await log.deleted(ctx, toDocumentOut(before));
}
