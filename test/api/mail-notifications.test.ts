import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/mail/notifications/index.ts';
import { queueMails, type OutgoingMail } from '../../src/mail/outbox.ts';
import { tokenInAddress } from '../../src/mail/reply-token.ts';
import { signedInContact, startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { anonymous, createTicket, MISSING_ID, staffClients, type Staff } from './ticket-helpers.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp({ MAIL_FROM: 'Portico Desk <desk@portico.test>' });
  s = await staffClients(t);
});
afterAll(async () => t.close());

/** The events queued for a ticket, oldest first. */
const eventsOf = (ticketId: string) =>
  db().selectFrom('mail_ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();

/** Every message the ticket's events would send now, per event. */
async function mailsOf(ticketId: string): Promise<OutgoingMail[][]> {
  const mails: OutgoingMail[][] = [];
  for (const event of await eventsOf(ticketId)) mails.push(await notificationsFor(db(), t.config, event));
  return mails;
}
const to = (mails: OutgoingMail[]) => mails.map((m) => m.to).sort();

async function organizationWith() {
  const organization = await createOrganization(db());
  const requester = await createContact(db(), { organizationId: organization.id, privilegeGroup: 'limited' });
  // Full: ticket scope organization, sees priorities.
  const watcher = await createContact(db(), { organizationId: organization.id, privilegeGroup: 'full' });
  await db()
    .insertInto('contact_notification_preferences')
    .values({ contact_id: watcher.id, scope: 'visible' })
    .execute();
  return { organization, requester, watcher };
}

describe('ticket notifications', () => {
  it('a staff-created ticket mails the requester and watchers, each only what it may see', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, {
      requesterId: requester.id,
      subject: 'Printer <b>on fire</b> & smoking',
      description: 'It smells <script>alert(1)</script>',
      priority: 'urgent',
    });
    const [created, ...rest] = await mailsOf(ticket.id);
    expect(rest).toEqual([]);
    expect(to(created!)).toEqual([requester.email, watcher.email].sort());
    const forRequester = created!.find((m) => m.to === requester.email)!;
    const forWatcher = created!.find((m) => m.to === watcher.email)!;
    expect(forRequester.subject).toBe(`[#${ticket.number}] Printer <b>on fire</b> & smoking`);
    // Limited holds no tickets.priority.view; Full does.
    expect(forRequester.text).not.toMatch(/Priority/);
    expect(forRequester.html).not.toMatch(/Priority|urgent/);
    expect(forWatcher.text).toMatch(/Priority: urgent/);
    expect(forRequester.text).toContain(`http://portico.test/portal/tickets/${ticket.id}`);
    expect(forRequester.html).toContain('It smells &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(forRequester.html).not.toContain('<script>');
    expect(forRequester.html).toContain('Printer &lt;b&gt;on fire&lt;/b&gt; &amp; smoking');
    const root = `<ticket-${ticket.id}@portico.test>`;
    expect(forRequester.headers).toMatchObject({ 'In-Reply-To': root, References: root });
    const replyTo = forRequester.headers!['Reply-To']!;
    expect(replyTo).toMatch(/^desk\+[a-z2-9]{20}@portico\.test$/);
    expect(forWatcher.headers!['Reply-To']).not.toBe(replyTo);
    const token = await db()
      .selectFrom('mail_reply_tokens')
      .select(['ticket_id', 'contact_id'])
      .where('token', '=', tokenInAddress(replyTo)!)
      .executeTakeFirstOrThrow();
    expect(token).toEqual({ ticket_id: ticket.id, contact_id: requester.id });
    expect(forRequester).toMatchObject({
      kind: 'notification',
      ticketId: ticket.id,
      contactId: requester.id,
    });
  });

  it('an internal note queues nothing, and no message ever carries its text', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    const before = (await eventsOf(ticket.id)).length;
    const note = await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, {
      body: 'INTERNAL: the customer is on our watch list',
      public: false,
    });
    expect(note.statusCode).toBe(201);
    expect(await eventsOf(ticket.id)).toHaveLength(before);
    const reply = await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, {
      body: 'We are on it.',
      public: true,
    });
    expect(reply.statusCode).toBe(201);
    const events = await eventsOf(ticket.id);
    expect(events.map((e) => e.event)).toEqual(['created', 'public_reply']);
    expect(events[1]!.comment_id).toBe(reply.json().id);
    const all = (await mailsOf(ticket.id)).flat();
    expect(all.length).toBeGreaterThan(0);
    for (const mail of all) expect(`${mail.text}${mail.html}${mail.subject}`).not.toContain('INTERNAL');
    const replies = (await mailsOf(ticket.id))[1]!;
    expect(to(replies)).toEqual([requester.email, watcher.email].sort());
    expect(replies[0]!.text).toContain('We are on it.');
    // An event naming an internal note (whatever queued it) sends nothing.
    await db()
      .updateTable('mail_ticket_events')
      .set({ comment_id: note.json().id })
      .where('id', '=', events[1]!.id)
      .execute();
    expect((await mailsOf(ticket.id))[1]).toEqual([]);
  });

  it('a contact who lost access between the event and the send gets nothing', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', requester.id).execute();
    const noPortal = await db()
      .selectFrom('privilege_groups')
      .select('id')
      .where('system_key', '=', 'no_portal_access')
      .executeTakeFirstOrThrow();
    expect(to((await mailsOf(ticket.id))[0]!)).toEqual([watcher.email]);
    await db()
      .updateTable('contacts')
      .set({ privilege_group_id: noPortal.id })
      .where('id', '=', watcher.id)
      .execute();
    expect((await mailsOf(ticket.id))[0]).toEqual([]);
  });

  it('a private ticket reaches no watcher; a preference of none silences even the requester', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id, private: true });
    expect(to((await mailsOf(ticket.id))[0]!)).toEqual([requester.email]);
    await db()
      .insertInto('contact_notification_preferences')
      .values({ contact_id: requester.id, scope: 'none' })
      .execute();
    expect((await mailsOf(ticket.id))[0]).toEqual([]);
    void watcher;
  });

  it('a contact reply tells the others and opted-in staff, never the author', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    await db()
      .insertInto('staff_notification_preferences')
      .values([
        { staff_user_id: s.agentId, scope: 'all' },
        { staff_user_id: s.adminId, scope: 'commented' },
      ])
      .execute();
    const portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    const res = await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Still smoking.' });
    expect(res.statusCode, res.body).toBe(201);
    const mails = (await mailsOf(ticket.id))[1]!;
    const agent = await db()
      .selectFrom('staff_users')
      .select('email')
      .where('id', '=', s.agentId)
      .executeTakeFirstOrThrow();
    // The admin wrote nothing on this ticket yet: "commented" does not reach it.
    expect(to(mails)).toEqual([agent.email, watcher.email].sort());
    const forAgent = mails.find((m) => m.to === agent.email)!;
    expect(forAgent).toMatchObject({ staffUserId: s.agentId });
    expect(forAgent.text).toContain(`http://portico.test/staff/tickets/${ticket.id}`);
    expect(forAgent.text).toContain('Priority: normal');
    // Staff events are not mailed to staff (until teams exist).
    await s.admin.post(`/api/staff/tickets/${ticket.id}/comments`, { body: 'Noted.', public: true });
    expect(to((await mailsOf(ticket.id))[2]!)).toEqual([requester.email, watcher.email].sort());
    await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Thanks.' });
    const admin = await db()
      .selectFrom('staff_users')
      .select('email')
      .where('id', '=', s.adminId)
      .executeTakeFirstOrThrow();
    expect(to((await mailsOf(ticket.id))[3]!)).toEqual([admin.email, agent.email, watcher.email].sort());
    await db().deleteFrom('staff_notification_preferences').execute();
  });

  it("a contact reply tells the ticket's assignee, or its team's members while it has none (§6b)", async () => {
    const { requester, watcher } = await organizationWith();
    const member = await createStaffUser(db(), { role: 'agent', name: 'Team Member' });
    const outsider = await createStaffUser(db(), { role: 'agent', name: 'Not In Team' });
    const team = await s.admin.post('/api/staff/teams', {
      name: 'Mail team',
      memberIds: [s.agentId, member.id],
    });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = (team.json() as { id: string }).id;
    const ticket = await createTicket(s.admin, { requesterId: requester.id, teamId });
    const portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Hello team' });
    const emails = async (...ids: string[]) =>
      (await db().selectFrom('staff_users').select('email').where('id', 'in', ids).execute()).map(
        (r) => r.email,
      );
    // Unassigned: every member of the team, not the outsider.
    expect(to((await mailsOf(ticket.id))[1]!)).toEqual(
      [...(await emails(s.agentId, member.id)), watcher.email].sort(),
    );
    // Assigned: the assignee only.
    await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { assigneeId: member.id });
    await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Hello assignee' });
    const all = await mailsOf(ticket.id);
    expect(to(all.at(-1)!)).toEqual([...(await emails(member.id)), watcher.email].sort());
    expect(to(all.at(-1)!)).not.toContain((await emails(outsider.id))[0]);
    await s.admin.delete(`/api/staff/teams/${teamId}`);
  });

  it('status and priority changes queue events; a priority change reaches only who may see priorities', async () => {
    const { requester, watcher } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    const res = await s.agent.patch(`/api/staff/tickets/${ticket.id}`, {
      status: 'pending',
      priority: 'high',
      subject: 'x',
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await eventsOf(ticket.id);
    expect(events.map((e) => [e.event, e.detail])).toEqual([
      ['created', null],
      ['status_changed', 'pending'],
      ['priority_changed', 'high'],
    ]);
    const [, status, priority] = await mailsOf(ticket.id);
    expect(to(status!)).toEqual([requester.email, watcher.email].sort());
    expect(status![0]!.text).toContain('changed to pending');
    expect(to(priority!)).toEqual([watcher.email]);
    // The portal's writes queue the same events, as the contact.
    const portal = await signedInContact(t.app, watcher.email, TEST_PASSWORD);
    const closed = await portal.patch(`/api/portal/tickets/${ticket.id}`, {
      status: 'closed',
      priority: 'low',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const after = await eventsOf(ticket.id);
    expect(after.slice(3).map((e) => [e.event, e.detail, e.actor_contact_id])).toEqual([
      ['priority_changed', 'low', watcher.id],
      ['status_changed', 'closed', watcher.id],
    ]);
    const portalCreated = await portal.post('/api/portal/tickets', { subject: 'Mine' });
    expect(portalCreated.statusCode, portalCreated.body).toBe(201);
    const mine = await eventsOf(portalCreated.json().id);
    expect(mine.map((e) => [e.event, e.actor_contact_id])).toEqual([['created', watcher.id]]);
    // Its author is its only watcher here: nobody else is told.
    expect((await mailsOf(portalCreated.json().id))[0]).toEqual([]);
  });
});

describe('GET /api/staff/tickets/:id/mails', () => {
  it("lists the ticket's queued messages, newest first; 404 for no ticket; 401 without a session", async () => {
    const { requester } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    const [created] = await mailsOf(ticket.id);
    // What the worker does with them (another part of issue 12): queue them.
    await queueMails(db(), t.config.publicUrl, created!);
    const res = await s.agent.get(`/api/staff/tickets/${ticket.id}/mails`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items.map((m: { to: string }) => m.to).sort()).toEqual(to(created!));
    expect(items[0]).toMatchObject({
      kind: 'notification',
      subject: `[#${ticket.number}] Printer on fire`,
      status: 'queued',
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    const page = await s.agent.get(`/api/staff/tickets/${ticket.id}/mails?limit=1`);
    expect(page.json().items[0].id).toBe(items[0].id);
    expect(page.json().nextCursor).not.toBeNull();
    expectError(await s.agent.get(`/api/staff/tickets/${MISSING_ID}/mails`), 404);
    expectError(await anonymous(t.app, 'GET', `/api/staff/tickets/${ticket.id}/mails`), 401);
  });
});

describe('/api/staff/me/notifications', () => {
  it('starts at none, keeps what the staff user sets for itself, refuses unknown values with 422', async () => {
    const url = '/api/staff/me/notifications';
    expectError(await anonymous(t.app, 'GET', url), 401);
    expect((await s.agent.get(url)).json()).toEqual({ scope: 'none' });
    expectError(await s.agent.put(url, { scope: 'everything' }), 422, undefined, 'body.scope');
    expectError(
      await s.agent.put(url, { scope: 'all', staffUserId: s.adminId }),
      422,
      undefined,
      'body.staffUserId',
    );
    expect((await s.agent.put(url, { scope: 'all' })).json()).toEqual({ scope: 'all' });
    expect((await s.agent.get(url)).json()).toEqual({ scope: 'all' });
    expect((await s.admin.get(url)).json()).toEqual({ scope: 'none' });
    const { requester } = await organizationWith();
    const ticket = await createTicket(s.admin, { requesterId: requester.id });
    const portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Hello' });
    const reply = (await mailsOf(ticket.id))[1]!;
    expect(reply.filter((m) => m.staffUserId).map((m) => m.staffUserId)).toEqual([s.agentId]);
    await s.agent.put(url, { scope: 'none' });
  });
});
