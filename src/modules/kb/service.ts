import { sql } from 'kysely';
import { notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { articleFiles, articleRecord, auditView, checkAudience, replaceArticleGroups } from './repo.ts';
import type { KbArticleCreate, KbArticleOut, KbArticleUpdate } from './schema.ts';

// The audit log keeps an article without its body (auditView): only the body's length.
const articles = recordWrites({ ...articleRecord, entityType: 'kb_article', audited: auditView });

export async function createArticle(ctx: ChangeContext, input: KbArticleCreate): Promise<KbArticleOut> {
  const { userGroupIds, ...fields } = input;
  const groupIds = await checkAudience(ctx.trx, fields.visibility, userGroupIds);
  const row = await articleRecord.insert(ctx.trx, fields);
  await replaceArticleGroups(ctx.trx, row.id, groupIds);
  return articles.created(ctx, row);
}

export function updateArticle(ctx: ChangeContext, id: string, input: KbArticleUpdate): Promise<KbArticleOut> {
  const { userGroupIds, ...fields } = input;
  return articles.update(ctx, id, async (_row, before) => {
    // The rule holds for the article as it will be: given fields over the stored ones.
    const groupIds = await checkAudience(
      ctx.trx,
      fields.visibility ?? before.visibility,
      userGroupIds ?? before.userGroups.map((g) => g.id),
    );
    const updated = await ctx.trx
      .updateTable('kb_articles')
      .set({ ...columnsOf(fields), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (userGroupIds !== undefined) await replaceArticleGroups(ctx.trx, id, groupIds);
    return updated;
  });
}

export function deleteArticle(ctx: ChangeContext, id: string): Promise<void> {
  // The lock first: a file added concurrently then waits for this delete and fails.
  return articles.remove(ctx, id, async (row) => {
    const fileIds = (await articleFiles(ctx.trx, row.id)).map((f) => f.id);
    // Groups and file links go with the article (ON DELETE CASCADE); the files themselves here.
    await articleRecord.remove(ctx.trx, row.id);
    if (fileIds.length) await ctx.trx.deleteFrom('files').where('id', 'in', fileIds).execute();
  });
}

/** Every write to an article's files changes the article: it shows as updated. */
const touchArticle = (ctx: ChangeContext, id: string) =>
  ctx.trx
    .updateTable('kb_articles')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();

export async function addArticleFile(ctx: ChangeContext, id: string, upload: Upload) {
  await articles.lock(ctx, id);
  const stored = await storeFile(ctx.trx, upload);
  await ctx.trx.insertInto('kb_article_files').values({ article_id: id, file_id: stored.id }).execute();
  await touchArticle(ctx, id);
  await articles.log.changed(ctx, 'add_file', id, undefined, { file: stored });
  const { sha256: _sha256, ...out } = stored;
  return out;
}

export async function removeArticleFile(ctx: ChangeContext, id: string, fileId: string): Promise<void> {
  // The article's lock first, as every write to an article and its files takes it.
  await articles.lock(ctx, id);
  const link = await ctx.trx
    .deleteFrom('kb_article_files')
    .where('article_id', '=', id)
    .where('file_id', '=', fileId)
    .returning('file_id')
    .executeTakeFirst();
  if (!link) throw notFound('File');
  const file = await ctx.trx
    .deleteFrom('files')
    .where('id', '=', link.file_id)
    .returning(['id', 'filename', 'content_type as contentType', 'size_bytes as sizeBytes', 'sha256'])
    .executeTakeFirstOrThrow();
  await touchArticle(ctx, id);
  await articles.log.changed(ctx, 'remove_file', id, { file }, undefined);
}
