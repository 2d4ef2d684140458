// Portal documents and knowledge base: only what the record scope, the article's audience and
// module visibility allow, with file fields only for kb.files.download.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

async function privilegeGroup(privileges: Privilege[], recordScope: TicketScope) {
  const row = await db()
    .insertInto('privilege_groups')
    .values({ name: `Group ${randomUUID()}`, privileges, record_scope: recordScope })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function file(filename: string, text: string) {
  const row = await db()
    .insertInto('files')
    .values({
      filename,
      content_type: 'text/plain',
      size_bytes: text.length,
      sha256: '00',
      data: Buffer.from(text),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function document(organizationId: string, title: string, isPublic = true) {
  const row = await db()
    .insertInto('documents')
    .values({
      organization_id: organizationId,
      title,
      description: `About ${title}`,
      public: isPublic,
      file_id: await file(`${title}.txt`, `contents of ${title}`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const userGroupMember = (groupId: string, contactId: string) =>
  db().insertInto('user_group_contacts').values({ user_group_id: groupId, contact_id: contactId }).execute();

type Members = {
  contacts?: string[];
  organization?: string;
  withSubs?: boolean;
  rule?: object;
  always?: boolean;
};

/** A user group and its members: explicit contacts, one member organization, a rule, or always. */
async function userGroup(m: Members = {}) {
  const { id } = await db()
    .insertInto('user_groups')
    .values({ name: `UG ${randomUUID()}`, always: !!m.always, rule: m.rule ? JSON.stringify(m.rule) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const contactId of m.contacts ?? []) await userGroupMember(id, contactId);
  if (m.organization) {
    const values = { organization_id: m.organization, include_sub_organizations: !!m.withSubs };
    await db()
      .insertInto('user_group_organizations')
      .values({ user_group_id: id, ...values })
      .execute();
  }
  return id;
}

async function article(title: string, body: string, groups: string[] = [], published = true) {
  const row = await db()
    .insertInto('kb_articles')
    .values({ title, body, published, visibility: groups.length ? 'groups' : 'public' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const g of groups) {
    await db().insertInto('kb_article_groups').values({ article_id: row.id, user_group_id: g }).execute();
  }
  return row.id;
}

async function articleFile(articleId: string, filename: string) {
  const id = await file(filename, `file ${filename}`);
  await db().insertInto('kb_article_files').values({ article_id: articleId, file_id: id }).execute();
  return id;
}

const signIn = (c: { email: string }) => signedInContact(t.app, c.email, TEST_PASSWORD);

type Page = { items: Array<Record<string, unknown> & { id: string }>; nextCursor: string | null };

async function listIds(client: TestClient, path: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`${path}?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const sorted = (ids: string[]) => [...ids].sort();
const status = async (client: TestClient, url: string) => (await client.get(url)).statusCode;
const anonymous = () => new TestClient(t.app);
const docUrls = () => [
  '/api/portal/documents',
  `/api/portal/documents/${docA}`,
  `/api/portal/documents/${docA}/download`,
];
const kbUrls = () => [
  '/api/portal/kb-articles',
  `/api/portal/kb-articles/${art.public}`,
  kbFileUrl(art.public!, pubFile),
];
const kbFileUrl = (articleId: string, fileId: string) =>
  `/api/portal/kb-articles/${articleId}/files/${fileId}`;

// District D with school A below it; company X elsewhere.
let D: string, A: string, X: string;
let limited: Contact, partial: Contact, full: Contact, tree: Contact, bare: Contact, xena: Contact;
const clients: Record<string, TestClient> = {};
let docA: string, docAHidden: string, docD: string, docX: string;
const art: Record<string, string> = {};
let pubFile: string, otherFile: string, draftFile: string;
let explicitGroup: string, otherGroup: string;

beforeAll(async () => {
  t = await startTestApp();
  D = (await createOrganization(db(), { name: 'District' })).id;
  A = (await createOrganization(db(), { name: 'Almond School', parentId: D })).id;
  X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  limited = await createContact(db(), {
    organizationId: A,
    privilegeGroup: 'limited',
    department: 'Science',
  });
  partial = await createContact(db(), { organizationId: A, privilegeGroup: 'partial' });
  full = await createContact(db(), { organizationId: A, privilegeGroup: 'full' });
  tree = await createContact(db(), {
    organizationId: D,
    privilegeGroupId: await privilegeGroup(
      ['portal.login', 'documents.view', 'kb.view'],
      'organization_tree',
    ),
  });
  bare = await createContact(db(), {
    organizationId: A,
    privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view'], 'organization'),
  });
  xena = await createContact(db(), { organizationId: X, privilegeGroup: 'full' });

  docA = await document(A, 'Almond network plan');
  docAHidden = await document(A, 'Almond internal audit', false);
  docD = await document(D, 'District policy');
  docX = await document(X, 'Xylo contract');

  explicitGroup = await userGroup({ contacts: [limited.id] });
  const orgGroup = await userGroup({ organization: A });
  const districtWithSchools = await userGroup({ organization: D, withSubs: true });
  const districtOnly = await userGroup({ organization: D });
  const science = { field: 'department', op: 'equals', value: 'science' };
  const ruleGroup = await userGroup({ rule: { operator: 'all', conditions: [science] } });
  const always = await userGroup({ always: true });
  otherGroup = await userGroup({ contacts: [xena.id] });

  art.public = await article('Printer setup', 'Install the DRIVER from the share.');
  art.draft = await article('Draft: new VPN', 'Not ready', [], false);
  art.explicit = await article('Explicit members', 'For the listed people', [explicitGroup]);
  art.organization = await article('Almond staff', 'For Almond', [orgGroup]);
  art.subOrganizations = await article('District and schools', 'For everyone below D', [districtWithSchools]);
  art.districtOnly = await article('District office only', 'For D itself', [districtOnly]);
  art.rule = await article('Science lab', 'For the science department', [ruleGroup]);
  art.always = await article('Everyone', 'For every contact', [always]);
  art.other = await article('Xylo only', 'Secret of Xylo 100%', [otherGroup]);
  art.draftForGroup = await article('Draft for Almond', 'Not ready', [orgGroup], false);
  pubFile = await articleFile(art.public, 'driver.txt');
  otherFile = await articleFile(art.other, 'xylo.txt');
  draftFile = await articleFile(art.draft, 'draft.txt');

  for (const [name, c] of Object.entries({ limited, partial, full, tree, bare, xena })) {
    clients[name] = await signIn(c);
  }
});
afterAll(async () => t.close());

describe('documents', () => {
  it.each([
    ['limited', () => [docA]],
    ['partial', () => [docA]],
    ['full', () => [docA]],
    ['tree', () => [docA, docD]],
    ['xena', () => [docX]],
  ])('%s sees the public documents of its record scope only', async (name, expected) => {
    const client = clients[name]!;
    expect(sorted(await listIds(client, '/api/portal/documents'))).toEqual(sorted(expected()));
    for (const id of [docA, docAHidden, docD, docX]) {
      const res = await client.get(`/api/portal/documents/${id}`);
      const download = await client.get(`/api/portal/documents/${id}/download`);
      const want = expected().includes(id) ? 200 : 404;
      expect(res.statusCode, `${name} ${id}`).toBe(want);
      expect(download.statusCode, `${name} ${id} download`).toBe(want);
    }
  });

  it('a document carries no staff-only fields; the download is inert', async () => {
    const res = await clients.limited!.get(`/api/portal/documents/${docA}`);
    expect(res.json()).toEqual({
      id: docA,
      title: 'Almond network plan',
      description: 'About Almond network plan',
      organization: { id: A, name: 'Almond School' },
      file: { filename: 'Almond network plan.txt', contentType: 'text/plain', sizeBytes: 31 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const download = await clients.limited!.get(`/api/portal/documents/${docA}/download`);
    expect(download.body).toBe('contents of Almond network plan');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('q matches the title, case-insensitively and literally; newest first', async () => {
    expect(await listIds(clients.tree!, '/api/portal/documents', '&q=ALMOND')).toEqual([docA]);
    expect(await listIds(clients.tree!, '/api/portal/documents', '&q=%25')).toEqual([]);
    expect(await listIds(clients.tree!, '/api/portal/documents')).toEqual([docD, docA]);
  });

  it('refusals: 401 without a session, 404 without documents.view (the module is absent), 404 for nonsense ids, 422 for bad queries', async () => {
    for (const url of docUrls()) {
      expect(await status(anonymous(), url), url).toBe(401);
      expect(await status(clients.bare!, url), url).toBe(404);
    }
    expect(await status(clients.limited!, '/api/portal/documents/not-an-id')).toBe(404);
    expect(await status(clients.limited!, '/api/portal/documents?organizationId=x')).toBe(422);
    expect(await status(clients.limited!, '/api/portal/documents?cursor=bad')).toBe(422);
  });
});

describe('knowledge base', () => {
  const visibleTo: Record<string, string[]> = {
    limited: ['public', 'explicit', 'organization', 'subOrganizations', 'rule', 'always'],
    partial: ['public', 'organization', 'subOrganizations', 'always'],
    tree: ['public', 'subOrganizations', 'districtOnly', 'always'],
    xena: ['public', 'always', 'other'],
  };

  it.each(Object.keys(visibleTo))(
    '%s reads published articles for all or for its groups only',
    async (name) => {
      const client = clients[name]!;
      const expected = visibleTo[name]!.map((k) => art[k]!);
      expect(sorted(await listIds(client, '/api/portal/kb-articles'))).toEqual(sorted(expected));
      for (const [key, id] of Object.entries(art)) {
        const res = await client.get(`/api/portal/kb-articles/${id}`);
        expect(res.statusCode, `${name} ${key}`).toBe(expected.includes(id) ? 200 : 404);
      }
    },
  );

  it('list items have no body; files only with kb.files.download', async () => {
    const page = (await clients.limited!.get('/api/portal/kb-articles')).json() as Page;
    expect(Object.keys(page.items[0]!).sort()).toEqual(['createdAt', 'id', 'title', 'updatedAt']);
    const limitedView = (await clients.limited!.get(`/api/portal/kb-articles/${art.public}`)).json();
    expect(limitedView.body).toBe('Install the DRIVER from the share.');
    expect('files' in limitedView).toBe(false);
    const partialView = (await clients.partial!.get(`/api/portal/kb-articles/${art.public}`)).json();
    expect(partialView.files).toEqual([
      { id: pubFile, filename: 'driver.txt', contentType: 'text/plain', sizeBytes: 15 },
    ]);
    expect(Object.keys(partialView).sort()).toEqual([
      'body',
      'createdAt',
      'files',
      'id',
      'title',
      'updatedAt',
    ]);
  });

  it('q searches title and body, case-insensitively and literally', async () => {
    expect(await listIds(clients.limited!, '/api/portal/kb-articles', '&q=printer')).toEqual([art.public]);
    expect(await listIds(clients.limited!, '/api/portal/kb-articles', '&q=driver')).toEqual([art.public]);
    expect(await listIds(clients.limited!, '/api/portal/kb-articles', '&q=ready')).toEqual([]);
    expect(await listIds(clients.xena!, '/api/portal/kb-articles', '&q=100%25')).toEqual([art.other]);
    expect(await listIds(clients.limited!, '/api/portal/kb-articles', '&q=%25')).toEqual([]);
  });

  it('a file downloads only from a readable article, and only with kb.files.download', async () => {
    const url = kbFileUrl;
    const ok = await clients.partial!.get(url(art.public!, pubFile));
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('file driver.txt');
    expect(ok.headers['content-disposition']).toMatch(/^attachment;/);
    expect(await status(clients.limited!, url(art.public!, pubFile))).toBe(403);
    // Outside what the contact may read: 404, with or without the privilege.
    for (const client of [clients.partial!, clients.limited!]) {
      expect(await status(client, url(art.other!, otherFile))).toBe(404);
      expect(await status(client, url(art.draft!, draftFile))).toBe(404);
      expect(await status(client, url(art.public!, otherFile))).toBe(404);
      expect(await status(client, url(art.public!, randomUUID()))).toBe(404);
    }
    expect(await status(clients.xena!, url(art.other!, otherFile))).toBe(200);
  });

  it('membership is live: leaving the group hides the article on the next request', async () => {
    await db().deleteFrom('user_group_contacts').where('user_group_id', '=', explicitGroup).execute();
    expect(await status(clients.limited!, `/api/portal/kb-articles/${art.explicit}`)).toBe(404);
    await userGroupMember(explicitGroup, limited.id);
    expect(await status(clients.limited!, `/api/portal/kb-articles/${art.explicit}`)).toBe(200);
  });

  it('refusals: 401 without a session, 404 without kb.view (the module is absent), 422 for bad queries', async () => {
    for (const url of kbUrls()) {
      expect(await status(anonymous(), url), url).toBe(401);
      expect(await status(clients.bare!, url), url).toBe(404);
    }
    expect(await status(clients.limited!, '/api/portal/kb-articles?published=false')).toBe(422);
    expect(await status(clients.limited!, '/api/portal/kb-articles?cursor=bad')).toBe(422);
  });
});

describe('module visibility', () => {
  it.each([
    ['documents', docUrls],
    ['kb', kbUrls],
  ])(
    'a module restricted to a group the contact is not in answers 404 everywhere (%s)',
    async (module, urls) => {
      await db().insertInto('module_allowed_groups').values({ module, user_group_id: otherGroup }).execute();
      try {
        for (const url of urls()) {
          expect(await status(clients.full!, url), url).toBe(404);
          // Without the privilege too: the module does not exist for the contact.
          expect(await status(clients.bare!, url), url).toBe(404);
        }
        // A member of the allowed group still uses it.
        expect(await status(clients.xena!, urls()[0]!)).toBe(200);
      } finally {
        await db().deleteFrom('module_allowed_groups').where('module', '=', module).execute();
      }
      expect(await status(clients.full!, urls()[0]!)).toBe(200);
    },
  );
});
