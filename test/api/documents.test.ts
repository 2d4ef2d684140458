import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody, type MultipartFile } from '../support/multipart.ts';
import { issuePaths, namesField } from '../support/expect.ts';

const URL = '/api/staff/documents';
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
type Doc = { id: string; title: string; file: Record<string, unknown> } & Record<string, unknown>;

let t: TestApp;
let staff: TestClient;
let anonymous: TestClient;
let orgId: string;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const agent = await createStaffUser(db(), { role: 'agent' });
  staff = await signedInStaff(t.app, agent.email, TEST_PASSWORD);
  anonymous = new TestClient(t.app);
  orgId = (await createOrganization(db())).id;
});
afterAll(async () => t.close());

async function counts(database: Kysely<DB> = db()) {
  const { rows } = await sql<{ documents: number; files: number; audit: number }>`
    select (select count(*) from documents)::int as documents, (select count(*) from files)::int as files,
      (select count(*) from audit_log)::int as audit`.execute(database);
  if (!rows[0]) throw new Error('no counts');
  return rows[0];
}

const fileOf = (data: Buffer | string, filename = 'notes.txt') => ({
  name: 'file',
  filename,
  data: Buffer.isBuffer(data) ? data : Buffer.from(data),
});

function upload(client: TestClient, fields: Record<string, string>, file?: MultipartFile, url = URL) {
  const { payload, headers } = multipartBody(fields, file);
  return client.request(url === URL ? 'POST' : 'PUT', url, payload, headers);
}

async function createDocument(
  fields: Record<string, string> = {},
  data: Buffer | string = 'hello',
): Promise<Doc> {
  const res = await upload(staff, { organizationId: orgId, title: 'Manual', ...fields }, fileOf(data));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

it('answers 401 without a session on every route, and writes nothing', async () => {
  const doc = await createDocument();
  const before = await counts();
  const file = fileOf('x');
  const responses = [
    await anonymous.get(URL),
    await anonymous.get(`${URL}/${doc.id}`),
    await anonymous.get(`${URL}/${doc.id}/download`),
    await upload(anonymous, { organizationId: orgId, title: 'A' }, file),
    await anonymous.patch(`${URL}/${doc.id}`, { title: 'B' }),
    await upload(anonymous, {}, file, `${URL}/${doc.id}/file`),
    await anonymous.delete(`${URL}/${doc.id}`),
  ];
  for (const res of responses) expect(res.statusCode, res.body).toBe(401);
  expect(await counts()).toEqual(before);
});

describe('POST /api/staff/documents', () => {
  it('stores the file and the document, and audits it', async () => {
    const before = await counts();
    const res = await upload(
      staff,
      { organizationId: orgId, title: ' Price list ', description: 'For 2025', public: 'true' },
      { name: 'file', filename: '../../etc/logo.png', data: PNG, contentType: 'text/html' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      organizationId: orgId,
      title: 'Price list',
      description: 'For 2025',
      public: true,
      file: {
        filename: 'logo.png',
        contentType: 'image/png',
        sizeBytes: PNG.length,
        sha256: createHash('sha256').update(PNG).digest('hex'),
      },
    });
    expect(await counts()).toEqual({
      documents: before.documents + 1,
      files: before.files + 1,
      audit: before.audit + 1,
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'create', entity_type: 'document', actor_type: 'staff' });
  });

  it('defaults to not public with an empty description', async () => {
    expect(await createDocument()).toMatchObject({ public: false, description: '' });
  });

  it.each([
    ['a missing title', { organizationId: 'ORG' }, 'body.title'],
    ['an empty title', { organizationId: 'ORG', title: '  ' }, 'body.title'],
    ['a missing organization', { title: 'A' }, 'body.organizationId'],
    ['an organizationId that is not an id', { organizationId: 'nope', title: 'A' }, 'body.organizationId'],
    [
      'an organization that does not exist',
      { organizationId: randomUUID(), title: 'A' },
      'body.organizationId',
    ],
    ['public not true/false', { organizationId: 'ORG', title: 'A', public: 'yes' }, 'body.public'],
    ['an unknown field', { organizationId: 'ORG', title: 'A', owner: 'me' }, 'body.owner'],
  ])('refuses %s with 422 and writes nothing', async (_name, fields, path) => {
    const before = await counts();
    const withOrg = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'ORG' ? orgId : v]));
    const res = await upload(staff, withOrg, fileOf('data'));
    expect(res.statusCode, res.body).toBe(422);
    expect(issuePaths(res.json())).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('refuses a request without a file part (422) and a JSON body (415), writing nothing', async () => {
    const before = await counts();
    const res = await upload(staff, { organizationId: orgId, title: 'A' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues).toEqual([{ path: 'body.file', message: 'is required' }]);
    const json = await staff.post(URL, { organizationId: orgId, title: 'A' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('unsupported_media_type');
    expect(await counts()).toEqual(before);
  });
});

describe('upload size limit', () => {
  let small: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    small = await startTestApp({ UPLOAD_LIMIT_BYTES: '1000' });
    const user = await createStaffUser(small.testDb.database.db);
    client = await signedInStaff(small.app, user.email, TEST_PASSWORD);
  });
  afterAll(async () => small.close());

  it('accepts a file of exactly the limit and refuses a larger one with 413, writing nothing', async () => {
    const smallDb = small.testDb.database.db;
    const fields = { organizationId: (await createOrganization(smallDb)).id, title: 'Big' };
    const ok = await upload(client, fields, fileOf(Buffer.alloc(1000, 97)));
    expect(ok.statusCode, ok.body).toBe(201);
    const before = await counts(smallDb);
    const res = await upload(client, fields, fileOf(Buffer.alloc(1001, 97)));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const replace = await upload(client, {}, fileOf(Buffer.alloc(5000, 97)), `${URL}/${ok.json().id}/file`);
    expect(replace.statusCode).toBe(413);
    expect(await counts(smallDb)).toEqual(before);
  });
});

describe('GET /api/staff/documents/:id and /download', () => {
  it('answers the metadata and nothing else', async () => {
    const doc = await createDocument({ description: 'd' });
    const res = await staff.get(`${URL}/${doc.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(doc);
    expect(Object.keys(res.json()).sort()).toEqual(
      ['createdAt', 'description', 'file', 'id', 'organizationId', 'public', 'title', 'updatedAt'].sort(),
    );
    expect(Object.keys(res.json().file).sort()).toEqual(['contentType', 'filename', 'sha256', 'sizeBytes']);
  });

  it('downloads the same bytes as an inert attachment', async () => {
    const data = Buffer.concat([PNG, Buffer.from([0, 255, 1, 254])]);
    const created = await upload(
      staff,
      { organizationId: orgId, title: 'Logo' },
      fileOf(data, 'Übersicht 1.png'),
    );
    expect(created.statusCode, created.body).toBe(201);
    const res = await staff.get(`${URL}/${created.json().id}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(data)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_bersicht 1.png"; filename*=UTF-8''${encodeURIComponent('Übersicht 1.png')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['', '/download'])('answers 404 for unknown and malformed ids (GET :id%s)', async (suffix) => {
    for (const id of [randomUUID(), 'not-a-uuid', '1']) {
      expect((await staff.get(`${URL}/${id}${suffix}`)).statusCode, id).toBe(404);
    }
  });
});

describe('GET /api/staff/documents', () => {
  let otherOrg: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    otherOrg = (await createOrganization(db())).id;
    const rows = [
      ['a', 'Q-list 100% done', 'true'],
      ['b', 'Q-list 100 items', 'false'],
      ['c', 'q_list under', 'true'],
      ['d', 'Qxlist', 'false'],
    ];
    for (const [key = '', title = '', isPublic = ''] of rows) {
      const res = await upload(staff, { organizationId: otherOrg, title, public: isPublic }, fileOf(key));
      ids[key] = res.json().id;
    }
  });
  const list = async (query: string) => {
    const res = await staff.get(`${URL}?organizationId=${otherOrg}&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Doc[]; nextCursor: string | null };
    return { ids: page.items.map((d) => d.id), nextCursor: page.nextCursor };
  };

  it('filters by organization, newest first', async () => {
    expect(await list('')).toEqual({ ids: [ids.d, ids.c, ids.b, ids.a], nextCursor: null });
  });

  it('filters by public', async () => {
    expect((await list('public=true')).ids).toEqual([ids.c, ids.a]);
    expect((await list('public=false')).ids).toEqual([ids.d, ids.b]);
  });

  it('searches titles case-insensitively with % and _ taken literally', async () => {
    expect((await list('q=100%25')).ids).toEqual([ids.a]);
    expect((await list('q=Q_LIST')).ids).toEqual([ids.c]);
    expect((await list('q=list')).ids).toHaveLength(4);
  });

  it('pages with a cursor', async () => {
    const first = await list('limit=3');
    expect(first.ids).toEqual([ids.d, ids.c, ids.b]);
    expect(await list(`limit=3&cursor=${first.nextCursor}`)).toEqual({ ids: [ids.a], nextCursor: null });
  });

  it('refuses bad filters with 422', async () => {
    for (const query of ['public=yes', 'organizationId=x', 'cursor=nonsense', 'limit=101', 'unknown=1']) {
      expect((await staff.get(`${URL}?${query}`)).statusCode, query).toBe(422);
    }
  });
});

describe('PATCH /api/staff/documents/:id', () => {
  it('updates the fields given and audits the change', async () => {
    const doc = await createDocument({ description: 'old' });
    const newOrg = (await createOrganization(db())).id;
    const before = await counts();
    const res = await staff.patch(`${URL}/${doc.id}`, { title: 'New', public: true, organizationId: newOrg });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'New',
      public: true,
      organizationId: newOrg,
      description: 'old',
    });
    expect(res.json().file).toEqual(doc.file);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it.each([
    ['an unknown organization', { organizationId: randomUUID() }, 'body.organizationId'],
    ['an empty title', { title: '' }, 'body.title'],
    ['public as a string', { public: 'true' }, 'body.public'],
    ['an unknown field', { title: 'X', fileId: randomUUID() }, 'fileId'],
  ])('refuses %s with 422 and changes nothing', async (_name, body, path) => {
    const doc = await createDocument();
    const before = await counts();
    const res = await staff.patch(`${URL}/${doc.id}`, body);
    expect(res.statusCode, res.body).toBe(422);
    if (path.startsWith('body.')) expect(issuePaths(res.json())).toContain(path);
    else expect(namesField(res.json(), path)).toBe(true);
    expect((await staff.get(`${URL}/${doc.id}`)).json()).toEqual(doc);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await staff.patch(`${URL}/${randomUUID()}`, { title: 'X' })).statusCode).toBe(404);
    expect((await staff.patch(`${URL}/nope`, { title: 'X' })).statusCode).toBe(404);
  });
});

describe('PUT /api/staff/documents/:id/file', () => {
  const fileIdOf = async (id: string) =>
    (await db().selectFrom('documents').select('file_id').where('id', '=', id).executeTakeFirstOrThrow())
      .file_id;

  it('replaces the file and deletes the old files row in the same change', async () => {
    const doc = await createDocument({}, 'first version');
    const oldFileId = await fileIdOf(doc.id);
    const before = await counts();
    const res = await upload(staff, {}, fileOf(PNG, 'v2.png'), `${URL}/${doc.id}/file`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: doc.id, title: doc.title });
    expect(res.json().file).toMatchObject({
      filename: 'v2.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
    });
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    expect(
      await db().selectFrom('files').select('id').where('id', '=', oldFileId).executeTakeFirst(),
    ).toBeUndefined();
    expect((await staff.get(`${URL}/${doc.id}/download`)).rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses a missing file, extra fields, a JSON body and unknown ids, writing nothing', async () => {
    const doc = await createDocument();
    const before = await counts();
    const fileUrl = `${URL}/${doc.id}/file`;
    expect((await upload(staff, {}, undefined, fileUrl)).statusCode).toBe(422);
    const extra = await upload(staff, { title: 'x' }, fileOf('y'), fileUrl);
    expect(extra.statusCode).toBe(422);
    expect(issuePaths(extra.json())).toEqual(['body.title']);
    expect((await staff.put(fileUrl, { file: 'x' })).statusCode).toBe(415);
    for (const id of [randomUUID(), 'nope']) {
      expect((await upload(staff, {}, fileOf('z'), `${URL}/${id}/file`)).statusCode).toBe(404);
    }
    expect(await counts()).toEqual(before);
    expect((await staff.get(`${URL}/${doc.id}`)).json()).toEqual(doc);
  });
});

describe('DELETE /api/staff/documents/:id', () => {
  it('deletes the document and its file', async () => {
    const doc = await createDocument();
    const before = await counts();
    expect((await staff.delete(`${URL}/${doc.id}`)).statusCode).toBe(204);
    expect(await counts()).toEqual({
      documents: before.documents - 1,
      files: before.files - 1,
      audit: before.audit + 1,
    });
    expect((await staff.get(`${URL}/${doc.id}`)).statusCode).toBe(404);
    expect((await staff.get(`${URL}/${doc.id}/download`)).statusCode).toBe(404);
  });

  it('answers 404 for unknown and malformed ids, deleting nothing', async () => {
    const before = await counts();
    expect((await staff.delete(`${URL}/${randomUUID()}`)).statusCode).toBe(404);
    expect((await staff.delete(`${URL}/nope`)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
