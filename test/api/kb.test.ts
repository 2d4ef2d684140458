import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody, type MultipartFile } from '../support/multipart.ts';
import { issuePaths, namesField } from '../support/expect.ts';

const URL = '/api/staff/kb-articles';
type Article = {
  id: string;
  title: string;
  body: string;
  visibility: string;
  userGroups: Array<{ id: string; name: string }>;
  files: Array<{ id: string; filename: string; contentType: string; sizeBytes: number }>;
} & Record<string, unknown>;

let t: TestApp;
let staff: TestClient;
let anonymous: TestClient;
let teachers: string;
let admins: string;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const agent = await createStaffUser(db(), { role: 'agent' });
  staff = await signedInStaff(t.app, agent.email, TEST_PASSWORD);
  anonymous = new TestClient(t.app);
  const group = async (name: string) =>
    (await db().insertInto('user_groups').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
  teachers = await group('Teachers');
  admins = await group('Admins');
});
afterAll(async () => t.close());

async function counts(database: Kysely<DB> = db()) {
  const { rows } = await sql<Record<'articles' | 'groups' | 'links' | 'files' | 'audit', number>>`
    select (select count(*) from kb_articles)::int as articles, (select count(*) from kb_article_groups)::int as groups,
      (select count(*) from kb_article_files)::int as links, (select count(*) from files)::int as files,
      (select count(*) from audit_log)::int as audit`.execute(database);
  if (!rows[0]) throw new Error('no counts');
  return rows[0];
}

const fileOf = (data: Buffer | string, filename = 'guide.txt'): MultipartFile => ({
  name: 'file',
  filename,
  data: Buffer.isBuffer(data) ? data : Buffer.from(data),
});

function upload(
  client: TestClient,
  articleId: string,
  file?: MultipartFile,
  fields: Record<string, string> = {},
) {
  const { payload, headers } = multipartBody(fields, file);
  return client.request('POST', `${URL}/${articleId}/files`, payload, headers);
}

async function createArticle(values: Record<string, unknown> = {}): Promise<Article> {
  const res = await staff.post(URL, { title: 'How to reset a password', body: '# Steps\n', ...values });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

it('answers 401 without a session on every route, and writes nothing', async () => {
  const article = await createArticle();
  const file = (await upload(staff, article.id, fileOf('x'))).json();
  const before = await counts();
  const item = `${URL}/${article.id}`;
  const responses = [
    await anonymous.get(URL),
    await anonymous.get(item),
    await anonymous.post(URL, { title: 'A', body: '' }),
    await anonymous.patch(item, { title: 'B' }),
    await anonymous.delete(item),
    await upload(anonymous, article.id, fileOf('y')),
    await anonymous.get(`${item}/files/${file.id}`),
    await anonymous.delete(`${item}/files/${file.id}`),
  ];
  for (const res of responses) expect(res.statusCode, res.body).toBe(401);
  expect(await counts()).toEqual(before);
});

describe('POST /api/staff/kb-articles', () => {
  it('creates a public article with defaults, and audits it', async () => {
    const before = await counts();
    const article = await createArticle();
    expect(article).toMatchObject({ published: false, visibility: 'public', userGroups: [], files: [] });
    expect(await counts()).toEqual({ ...before, articles: before.articles + 1, audit: before.audit + 1 });
  });

  it('creates an article for groups, each group once', async () => {
    const article = await createArticle({
      published: true,
      visibility: 'groups',
      userGroupIds: [teachers, admins, teachers.toUpperCase()],
    });
    expect(article.userGroups).toEqual([
      { id: admins, name: 'Admins' },
      { id: teachers, name: 'Teachers' },
    ]);
    expect((await staff.get(`${URL}/${article.id}`)).json()).toEqual(article);
  });

  it('takes a body of 200,000 characters and no more', async () => {
    const long = await createArticle({ body: 'é'.repeat(200_000) });
    expect(long.body).toHaveLength(200_000);
    const res = await staff.post(URL, { title: 'Too long', body: 'a'.repeat(200_001) });
    expect(res.statusCode).toBe(422);
    expect(issuePaths(res.json())).toEqual(['body.body']);
  });

  it.each([
    ['groups without ids', { visibility: 'groups' }, 'body.userGroupIds'],
    ['groups with no ids', { visibility: 'groups', userGroupIds: [] }, 'body.userGroupIds'],
    ['public with ids', { visibility: 'public', userGroupIds: ['TEACHERS'] }, 'body.userGroupIds'],
    ['ids without visibility', { userGroupIds: ['TEACHERS'] }, 'body.userGroupIds'],
    [
      'an unknown group',
      { visibility: 'groups', userGroupIds: ['TEACHERS', randomUUID()] },
      'body.userGroupIds',
    ],
    ['a group id that is no id', { visibility: 'groups', userGroupIds: ['nope'] }, 'body.userGroupIds.0'],
    ['an unknown visibility', { visibility: 'private' }, 'body.visibility'],
    ['an empty title', { title: ' ' }, 'body.title'],
    ['a missing body', { body: undefined }, 'body.body'],
    ['published as a string', { published: 'true' }, 'body.published'],
    ['an unknown field', { organizationId: randomUUID() }, 'organizationId'],
  ])('refuses %s with 422 and writes nothing', async (_name, values, path) => {
    const before = await counts();
    const ids = (values as { userGroupIds?: string[] }).userGroupIds?.map((id) =>
      id === 'TEACHERS' ? teachers : id,
    );
    const res = await staff.post(URL, {
      title: 'A',
      body: 'b',
      ...values,
      ...(ids ? { userGroupIds: ids } : {}),
    });
    expect(res.statusCode, res.body).toBe(422);
    if (path.startsWith('body.')) expect(issuePaths(res.json())).toContain(path);
    else expect(namesField(res.json(), path)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('GET /api/staff/kb-articles', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    for (const [key, title, published] of [
      ['a', 'VPN 100% guide', true],
      ['b', 'VPN 100 tips', false],
      ['c', 'vpn_setup', true],
      ['d', 'VPNxsetup', false],
    ] as const) {
      ids[key] = (await createArticle({ title, published })).id;
    }
  });
  const list = async (query: string) => {
    const res = await staff.get(`${URL}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    return { ids: page.items.map((a) => a.id), nextCursor: page.nextCursor, items: page.items };
  };

  it('lists summaries, newest first (titles with "vpn")', async () => {
    const page = await list('q=vpn');
    expect(page.ids).toEqual([ids.d, ids.c, ids.b, ids.a]);
    expect(page.nextCursor).toBeNull();
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      ['createdAt', 'id', 'published', 'title', 'updatedAt', 'visibility'].sort(),
    );
  });

  it('filters by published and searches titles with % and _ taken literally', async () => {
    expect((await list('q=vpn&published=true')).ids).toEqual([ids.c, ids.a]);
    expect((await list('q=vpn&published=false')).ids).toEqual([ids.d, ids.b]);
    expect((await list('q=100%25')).ids).toEqual([ids.a]);
    expect((await list('q=VPN_SETUP')).ids).toEqual([ids.c]);
    expect((await list('q=setup&published=false')).ids).toEqual([ids.d]);
  });

  it('pages with a cursor and refuses bad queries', async () => {
    const first = await list('q=vpn&limit=2');
    expect(first.ids).toEqual([ids.d, ids.c]);
    const second = await list(`q=vpn&limit=2&cursor=${first.nextCursor}`);
    expect(second.ids).toEqual([ids.b, ids.a]);
    expect(second.nextCursor).toBeNull();
    for (const query of ['published=1', 'cursor=x', 'limit=0', 'visibility=public']) {
      expect((await staff.get(`${URL}?${query}`)).statusCode, query).toBe(422);
    }
  });
});

describe('GET /api/staff/kb-articles/:id', () => {
  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'nope', '00000000-0000-0000-0000-00000000000g']) {
      expect((await staff.get(`${URL}/${id}`)).statusCode, id).toBe(404);
    }
  });
});

describe('PATCH /api/staff/kb-articles/:id', () => {
  it('replaces the groups when given, keeps them otherwise, and audits', async () => {
    const article = await createArticle({ visibility: 'groups', userGroupIds: [teachers] });
    const before = await counts();
    const res = await staff.patch(`${URL}/${article.id}`, { userGroupIds: [admins], title: 'Renamed' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Renamed', body: article.body, userGroups: [{ id: admins }] });
    const kept = await staff.patch(`${URL}/${article.id}`, { published: true });
    expect(kept.json()).toMatchObject({ published: true, userGroups: [{ id: admins, name: 'Admins' }] });
    expect(await counts()).toEqual({ ...before, audit: before.audit + 2 });
  });

  it('turns a group article public when its groups are emptied, and back', async () => {
    const article = await createArticle({ visibility: 'groups', userGroupIds: [teachers, admins] });
    const open = await staff.patch(`${URL}/${article.id}`, { visibility: 'public', userGroupIds: [] });
    expect(open.json()).toMatchObject({ visibility: 'public', userGroups: [] });
    const closed = await staff.patch(`${URL}/${article.id}`, {
      visibility: 'groups',
      userGroupIds: [teachers],
    });
    expect(closed.json()).toMatchObject({ visibility: 'groups', userGroups: [{ id: teachers }] });
  });

  it.each([
    ['public while groups remain', 'groups', { visibility: 'public' }, 'body.userGroupIds'],
    ['groups without ids', 'public', { visibility: 'groups' }, 'body.userGroupIds'],
    ['ids on a public article', 'public', { userGroupIds: ['TEACHERS'] }, 'body.userGroupIds'],
    ['no ids on a group article', 'groups', { userGroupIds: [] }, 'body.userGroupIds'],
    ['an unknown group', 'groups', { userGroupIds: [randomUUID()] }, 'body.userGroupIds'],
    ['a body too long', 'public', { body: 'x'.repeat(200_001) }, 'body.body'],
    ['an unknown field', 'public', { files: [] }, 'files'],
  ])('refuses %s with 422 and changes nothing', async (_name, visibility, values, path) => {
    const article = await createArticle(
      visibility === 'groups' ? { visibility, userGroupIds: [teachers] } : {},
    );
    const before = await counts();
    const ids = (values as { userGroupIds?: string[] }).userGroupIds?.map((id) =>
      id === 'TEACHERS' ? teachers : id,
    );
    const res = await staff.patch(`${URL}/${article.id}`, {
      ...values,
      ...(ids ? { userGroupIds: ids } : {}),
    });
    expect(res.statusCode, res.body).toBe(422);
    if (path.startsWith('body.')) expect(issuePaths(res.json())).toContain(path);
    else expect(namesField(res.json(), path)).toBe(true);
    expect((await staff.get(`${URL}/${article.id}`)).json()).toEqual(article);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await staff.patch(`${URL}/${randomUUID()}`, { title: 'X' })).statusCode).toBe(404);
    expect((await staff.patch(`${URL}/nope`, { title: 'X' })).statusCode).toBe(404);
  });
});

describe('article files', () => {
  it('uploads, lists and downloads a file of its article only', async () => {
    const article = await createArticle();
    const other = await createArticle();
    const data = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x00, 0xff]);
    const before = await counts();
    const res = await upload(staff, article.id, fileOf(data, 'manual.pdf'));
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toEqual({
      id: file.id,
      filename: 'manual.pdf',
      contentType: 'application/pdf',
      sizeBytes: 8,
    });
    expect(await counts()).toEqual({
      ...before,
      links: before.links + 1,
      files: before.files + 1,
      audit: before.audit + 1,
    });
    expect((await staff.get(`${URL}/${article.id}`)).json().files).toEqual([file]);

    const download = await staff.get(`${URL}/${article.id}/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(data)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="manual\.pdf"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    for (const url of [
      `${URL}/${other.id}/files/${file.id}`,
      `${URL}/${randomUUID()}/files/${file.id}`,
      `${URL}/${article.id}/files/${randomUUID()}`,
      `${URL}/${article.id}/files/nope`,
      `${URL}/nope/files/${file.id}`,
    ]) {
      expect((await staff.get(url)).statusCode, url).toBe(404);
      expect((await staff.delete(url)).statusCode, url).toBe(404);
    }
    expect((await counts()).files).toBe(before.files + 1);
  });

  it('refuses unknown articles, JSON, extra fields and a missing file, writing nothing', async () => {
    const article = await createArticle();
    const before = await counts();
    expect((await upload(staff, randomUUID(), fileOf('x'))).statusCode).toBe(404);
    expect((await upload(staff, 'nope', fileOf('x'))).statusCode).toBe(404);
    expect((await staff.post(`${URL}/${article.id}/files`, { file: 'x' })).statusCode).toBe(415);
    const extra = await upload(staff, article.id, fileOf('x'), { title: 'x' });
    expect(extra.statusCode).toBe(422);
    expect(issuePaths(extra.json())).toEqual(['body.title']);
    const missing = await upload(staff, article.id);
    expect(missing.statusCode).toBe(422);
    expect(issuePaths(missing.json())).toEqual(['body.file']);
    expect(await counts()).toEqual(before);
  });

  it('deletes a file with its stored bytes', async () => {
    const article = await createArticle();
    const file = (await upload(staff, article.id, fileOf('bye'))).json();
    const before = await counts();
    expect((await staff.delete(`${URL}/${article.id}/files/${file.id}`)).statusCode).toBe(204);
    expect(await counts()).toEqual({
      ...before,
      links: before.links - 1,
      files: before.files - 1,
      audit: before.audit + 1,
    });
    expect((await staff.get(`${URL}/${article.id}/files/${file.id}`)).statusCode).toBe(404);
    expect((await staff.get(`${URL}/${article.id}`)).json().files).toEqual([]);
  });

  it('refuses a file over the upload limit with 413, writing nothing', async () => {
    const small = await startTestApp({ UPLOAD_LIMIT_BYTES: '1000' });
    try {
      const user = await createStaffUser(small.testDb.database.db);
      const client = await signedInStaff(small.app, user.email, TEST_PASSWORD);
      const article = (await client.post(URL, { title: 'A', body: '' })).json();
      expect((await upload(client, article.id, fileOf(Buffer.alloc(1000, 97)))).statusCode).toBe(201);
      const before = await counts(small.testDb.database.db);
      const res = await upload(client, article.id, fileOf(Buffer.alloc(1001, 97)));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
      expect(await counts(small.testDb.database.db)).toEqual(before);
    } finally {
      await small.close();
    }
  });
});

describe('DELETE /api/staff/kb-articles/:id', () => {
  it('deletes the article with its groups, its files and their bytes', async () => {
    const article = await createArticle({ visibility: 'groups', userGroupIds: [teachers, admins] });
    for (const name of ['a.txt', 'b.txt']) await upload(staff, article.id, fileOf(name, name));
    const before = await counts();
    expect((await staff.delete(`${URL}/${article.id}`)).statusCode).toBe(204);
    expect(await counts()).toEqual({
      articles: before.articles - 1,
      groups: before.groups - 2,
      links: before.links - 2,
      files: before.files - 2,
      audit: before.audit + 1,
    });
    expect((await staff.get(`${URL}/${article.id}`)).statusCode).toBe(404);
    const groups = await db()
      .selectFrom('user_groups')
      .select('id')
      .where('id', 'in', [teachers, admins])
      .execute();
    expect(groups).toHaveLength(2);
  });

  it('answers 404 for unknown and malformed ids, deleting nothing', async () => {
    const before = await counts();
    expect((await staff.delete(`${URL}/${randomUUID()}`)).statusCode).toBe(404);
    expect((await staff.delete(`${URL}/nope`)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
