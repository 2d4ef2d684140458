// Issue 14 §5: a contact's data export and erasure (docs/privacy.md), on PGlite and PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, type TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { anonymous, MISSING_ID, staffClients, type Staff } from './ticket-helpers.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;

type Person = Awaited<ReturnType<typeof setUpPerson>>;

/**
 * A contact with everything the export and the erasure touch: a portal session, a ticket it opened
 * (its address in the description), its reply, a staff reply, an uploaded file, a group membership,
 * a notification setting, and a ticket of a team the agent is not in.
 */
async function setUpPerson(tag: string) {
  const org = await createOrganization(db());
  const email = `pat.${tag}@privacy.example`;
  const contact = await createContact(db(), {
    organizationId: org.id,
    privilegeGroup: 'full',
    email,
    name: `Pat Privacy ${tag}`,
    title: 'Teacher',
    attributes: { badge: `B-${tag}` },
  });
  const phone = `+1 555 ${tag}`;
  await db().updateTable('contacts').set({ phone }).where('id', '=', contact.id).execute();
  const colleague = await createContact(db(), { organizationId: org.id, privilegeGroup: 'full' });
  const portal = await signedInContact(t.app, email, TEST_PASSWORD);
  const opened = await portal.post('/api/portal/tickets', {
    subject: `Projector broken ${tag}`,
    description: `Please call me back, or write to ${email}.`,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const ticketId = opened.json().id as string;
  const reply = await portal.post(`/api/portal/tickets/${ticketId}/comments`, {
    body: `Still broken. ${email.toUpperCase()}`,
  });
  expect(reply.statusCode, reply.body).toBe(201);
  const staffReply = await s.admin.post(`/api/staff/tickets/${ticketId}/comments`, {
    body: 'We are on it.',
    public: true,
  });
  expect(staffReply.statusCode, staffReply.body).toBe(201);
  const file = await db()
    .insertInto('files')
    .values({
      filename: 'photo.txt',
      content_type: 'text/plain',
      size_bytes: 5,
      sha256: 'x',
      data: Buffer.from('hello'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const attachment = await db()
    .insertInto('attachments')
    .values({ ticket_id: ticketId, file_id: file.id, public: true, uploaded_by_contact_id: contact.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const group = await db()
    .insertInto('user_groups')
    .values({ name: `Teachers ${tag}`, rule: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('user_group_contacts')
    .values({ user_group_id: group.id, contact_id: contact.id })
    .execute();
  await db().insertInto('contact_notification_preferences').values({ contact_id: contact.id }).execute();
  // A ticket of a team the agent is not in: outside the agent's scope.
  const team = await db()
    .insertInto('staff_teams')
    .values({ name: `Team ${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hidden = await s.admin.post('/api/staff/tickets', {
    subject: `Team only ${tag}`,
    requesterId: contact.id,
    teamId: team.id,
  });
  expect(hidden.statusCode, hidden.body).toBe(201);
  return {
    contact: { ...contact, phone },
    colleague,
    portal,
    ticketId,
    hiddenTicketId: hidden.json().id as string,
    attachmentId: attachment.id,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
});
afterAll(async () => t.close());

const staleStepUp = (client: TestClient) =>
  db()
    .updateTable('sessions')
    .set({ reauthenticated_at: sql<Date>`now() - interval '6 minutes'` })
    .where(
      'token_hash',
      '=',
      sql<string>`encode(sha256(convert_to(${client.cookie('portico_staff') ?? ''}, 'UTF8')), 'hex')`,
    )
    .execute();

/** Every text of the tables that may hold personal data, as one string per row, where `needle` occurs. */
async function whereItOccurs(needle: string) {
  const hits = await sql<{ place: string }>`
    select 'contacts' as place from contacts c where position(lower(${needle}) in lower(c::text)) > 0
    union all select 'sessions' from sessions x where position(lower(${needle}) in lower(x::text)) > 0
    union all select 'audit_log' from audit_log x where position(lower(${needle}) in lower(x::text)) > 0
    union all select 'tickets' from tickets x where position(lower(${needle}) in lower(x::text)) > 0
    union all select 'ticket_comments' from ticket_comments x where position(lower(${needle}) in lower(x::text)) > 0
    union all select 'mail_messages' from mail_messages x where position(lower(${needle}) in lower(x::text)) > 0
    union all select 'ticket_search' from ticket_search x where position(lower(${needle}) in lower(x::text)) > 0`.execute(
    db(),
  );
  return hits.rows.map((r) => r.place);
}

describe('a contact data export', () => {
  let p: Person;
  beforeAll(async () => {
    p = await setUpPerson('export');
  });

  it('has the profile, memberships, consents, tickets with the public conversation, files and the audit trail', async () => {
    const res = await s.admin.get(`/api/staff/contacts/${p.contact.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="contact-${p.contact.id}.json"`);
    const data = res.json();
    expect(data.format).toBe('portico-contact-export/1');
    expect(data.contact).toMatchObject({
      id: p.contact.id,
      email: p.contact.email,
      phone: '+1 555 export',
      title: 'Teacher',
      attributes: { badge: 'B-export' },
      privilegeGroup: 'Full',
    });
    expect(data.memberships.userGroups.map((g: { name: string }) => g.name)).toEqual(['Teachers export']);
    expect(data.consents.notifications).toMatchObject({ scope: expect.any(String) });
    expect(data.signIn.sessions.length).toBeGreaterThan(0);
    expect(data.signIn.twoFactor).toBe(false);
    expect(data.tickets.map((x: { id: string }) => x.id).sort()).toEqual(
      [p.ticketId, p.hiddenTicketId].sort(),
    );
    const opened = data.tickets.find((x: { id: string }) => x.id === p.ticketId);
    expect(opened.conversation.map((c: { author: string; body: string }) => [c.author, c.body])).toEqual([
      ['self', `Still broken. ${p.contact.email.toUpperCase()}`],
      ['staff', 'We are on it.'],
    ]);
    expect(data.files).toEqual([
      expect.objectContaining({
        id: p.attachmentId,
        filename: 'photo.txt',
        download: `/api/staff/attachments/${p.attachmentId}`,
      }),
    ]);
    const download = await s.admin.get(data.files[0].download);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('hello');
    expect(data.auditTrail.map((a: { action: string }) => a.action)).toContain('create');
    // The export is audited, without the data.
    const row = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export')
      .where('entity_id', '=', p.contact.id)
      .executeTakeFirstOrThrow();
    expect(row.after).toEqual({ tickets: 2, files: 1, quotes: 0, invoices: 0 });
  });

  it('holds for an agent only the tickets of its scope, and no audit trail', async () => {
    const res = await s.agent.get(`/api/staff/contacts/${p.contact.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tickets.map((x: { id: string }) => x.id)).toEqual([p.ticketId]);
    expect(res.json().auditTrail).toEqual([]);
  });

  it('answers 404 for no such contact and 401 without a session', async () => {
    expectError(await s.admin.get(`/api/staff/contacts/${MISSING_ID}/export`), 404);
    expectError(await s.agent.get(`/api/staff/contacts/${MISSING_ID}/export`), 404);
    expectError(await anonymous(t.app, 'GET', `/api/staff/contacts/${p.contact.id}/export`), 401);
  });
});

describe('erasing a contact', () => {
  let p: Person;
  beforeAll(async () => {
    p = await setUpPerson('erase');
  });

  it('is for administrators, after a step-up, and a refused one changes nothing', async () => {
    const before = await whereItOccurs(p.contact.email);
    expectError(await s.agent.post(`/api/staff/contacts/${p.contact.id}/erasure/preview`), 403);
    expectError(await s.agent.post(`/api/staff/contacts/${p.contact.id}/erasure`), 403);
    expectError(await anonymous(t.app, 'POST', `/api/staff/contacts/${p.contact.id}/erasure`), 401);
    expectError(await s.admin.post(`/api/staff/contacts/${MISSING_ID}/erasure/preview`), 404);
    await staleStepUp(s.admin);
    expectError(await s.admin.post(`/api/staff/contacts/${p.contact.id}/erasure`), 403, 'step_up_required');
    expect(await whereItOccurs(p.contact.email)).toEqual(before);
    expect((await p.portal.get('/api/portal/me')).statusCode).toBe(200);
    const stepUp = await s.admin.post('/api/staff/session/step-up', { password: TEST_PASSWORD });
    expect(stepUp.statusCode, stepUp.body).toBe(204);
    expectError(await s.admin.post(`/api/staff/contacts/${MISSING_ID}/erasure`), 404);
  });

  it('previews exactly what it does; then the person is gone and the records stay', async () => {
    const preview = await s.admin.post(`/api/staff/contacts/${p.contact.id}/erasure/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    // The preview wrote nothing.
    expect((await p.portal.get('/api/portal/me')).statusCode).toBe(200);
    expect(await whereItOccurs(p.contact.email)).not.toEqual([]);
    expect(preview.json()).toMatchObject({
      anonymisedAs: { name: expect.stringMatching(/^Erased contact [0-9a-f]{4}$/) },
      removed: { groupMemberships: 1, notificationSettings: 1 },
      kept: { tickets: 2, comments: 1, attachments: 1 },
    });
    expect(preview.json().removed.sessions).toBeGreaterThan(0);

    const applied = await s.admin.post(`/api/staff/contacts/${p.contact.id}/erasure`);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toEqual(preview.json());

    // Signed out everywhere, no way back in.
    expectError(await p.portal.get('/api/portal/me'), 401);
    // The personal data is gone from every table that held it, the search index included.
    for (const needle of [p.contact.email, p.contact.name, p.contact.phone, 'B-erase'])
      expect(await whereItOccurs(needle), needle).toEqual([]);
    const row = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', p.contact.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: applied.json().anonymisedAs.name,
      email: applied.json().anonymisedAs.email,
      phone: '',
      title: '',
      attributes: {},
      disabled: true,
      password_hash: null,
    });
    const found = await s.admin.get(`/api/staff/contacts?q=${encodeURIComponent('Pat Privacy erase')}`);
    expect(found.json().items).toEqual([]);
    const search = await s.admin.get(`/api/staff/tickets/search?q=${encodeURIComponent(p.contact.email)}`);
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().items).toEqual([]);

    // The records stay, pointing at the placeholder, visible to whoever's scope covered them.
    const ticket = await s.admin.get(`/api/staff/tickets/${p.ticketId}`);
    expect(ticket.json()).toMatchObject({
      requester: { id: p.contact.id, name: applied.json().anonymisedAs.name },
    });
    const comments = await s.admin.get(`/api/staff/tickets/${p.ticketId}/comments`);
    expect(comments.json().items.map((c: { body: string }) => c.body)).toEqual([
      `Still broken. ${applied.json().anonymisedAs.email}`,
      'We are on it.',
    ]);
    const colleague = await signedInContact(t.app, p.colleague.email, TEST_PASSWORD);
    const seen = await colleague.get(`/api/portal/tickets/${p.ticketId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().description).toBe(
      `Please call me back, or write to ${applied.json().anonymisedAs.email}.`,
    );

    // The audit trail is consistent: the rows remain, naming the placeholder; the erasure's own row
    // holds no personal data.
    const trail = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', p.contact.id)
      .orderBy('id')
      .execute();
    expect(trail.length).toBeGreaterThan(1);
    expect(trail.at(-1)).toMatchObject({ action: 'erase', entity_type: 'contact', after: applied.json() });
    const byIt = await db()
      .selectFrom('audit_log')
      .select('actor_label')
      .where('actor_id', '=', p.contact.id)
      .execute();
    expect(byIt.length).toBeGreaterThan(0);
    for (const r of byIt) expect(r.actor_label).toContain(applied.json().anonymisedAs.name);
  });

  it('is exported afterwards as the placeholder only, and the old address signs nobody in', async () => {
    const signIn = { email: p.contact.email, password: TEST_PASSWORD };
    expectError(await t.app.inject({ method: 'POST', url: '/api/portal/session', payload: signIn }), 401);
    const res = await s.admin.get(`/api/staff/contacts/${p.contact.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(p.contact.email);
    expect(res.body).not.toContain(p.contact.name);
    expect(res.json().signIn.sessions).toEqual([]);
  });
});
