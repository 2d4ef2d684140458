// Writing on the desk (issue 13 §6): canned responses (per team and global, placeholders filled
// for a ticket in the staff scope), @mentions in internal notes (stored by id, mailed in the same
// transaction, only to colleagues who see the ticket) and files at the reply they came with
// (an internal note's files never reach contacts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, rowCounts } from '../support/expect.ts';
import { multipartBody } from '../support/multipart.ts';
import { createTicket, customer, type TicketJson } from './ticket-helpers.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
let admin: TestClient;
let agent1: { id: string; client: TestClient };
let agent2: { id: string; client: TestClient };
let colleague: { id: string; client: TestClient };
let team1: string;
let team2: string;
let ticket: TicketJson;
let portal: TestClient;
let contactName: string;

async function staff(name: string, role: 'admin' | 'agent' = 'agent') {
  const user = await createStaffUser(db(), { role, name });
  return { id: user.id, client: await signedInStaff(t.app, user.email, TEST_PASSWORD) };
}

async function team(name: string, memberIds: string[]) {
  const res = await admin.post('/api/staff/teams', { name, memberIds, seesAllTickets: false });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const counts = () =>
  rowCounts(db(), [
    'canned_responses',
    'ticket_comments',
    'ticket_comment_mentions',
    'mail_messages',
    'attachments',
  ]);

function upload(client: TestClient, url: string, fields: Record<string, string>, filename = 'log.txt') {
  const { payload, headers } = multipartBody(fields, {
    name: 'file',
    filename,
    data: Buffer.from(`${filename}\n`),
  });
  return client.request('POST', url, payload, headers);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = (await staff('Ada Admin', 'admin')).client;
  agent1 = await staff('Alex Agent');
  agent2 = await staff('Bo Outsider');
  colleague = await staff('Cleo Colleague');
  team1 = await team('First line', [agent1.id, colleague.id]);
  team2 = await team('Second line', [agent2.id]);
  const { organization } = await customer(db());
  const contact = await createContact(db(), {
    organizationId: organization.id,
    privilegeGroup: 'full',
    name: 'Dana Scully',
  });
  contactName = contact.name;
  portal = await signedInContact(t.app, contact.email, TEST_PASSWORD);
  ticket = await createTicket(admin, { requesterId: contact.id, subject: 'VPN drops', teamId: team1 });
});
afterAll(async () => t.close());

describe('canned responses', () => {
  let global: string;
  let own: string;
  let other: string;

  it('administrators write global ones; an agent writes its teams’ ones only', async () => {
    const g = await admin.post('/api/staff/canned-responses', {
      title: 'Greeting',
      body: 'Hello {{contact.firstName}},\n\nabout **#{{ticket.number}}** ({{ticket.subject}}): …\n\n{{ agent.name }}',
    });
    expect(g.statusCode, g.body).toBe(201);
    expect(g.json()).toMatchObject({ title: 'Greeting', team: null });
    global = g.json().id;

    const before = await counts();
    expectError(await agent1.client.post('/api/staff/canned-responses', { title: 'X', body: 'x' }), 403);
    expectError(
      await agent1.client.post('/api/staff/canned-responses', { title: 'X', body: 'x', teamId: team2 }),
      422,
      undefined,
      'body.teamId',
    );
    expect(await counts()).toEqual(before);

    const o = await agent1.client.post('/api/staff/canned-responses', {
      title: 'Reset VPN',
      body: 'Dear {{contact.name}}, please reconnect.',
      teamId: team1,
    });
    expect(o.statusCode, o.body).toBe(201);
    expect(o.json()).toMatchObject({ team: { id: team1, name: 'First line' } });
    own = o.json().id;
    const x = await agent2.client.post('/api/staff/canned-responses', {
      title: 'Escalate',
      body: 'Escalated.',
      teamId: team2,
    });
    expect(x.statusCode, x.body).toBe(201);
    other = x.json().id;
  });

  it('refuses unknown placeholders with 422 and saves nothing', async () => {
    const before = await counts();
    const res = await admin.post('/api/staff/canned-responses', {
      title: 'Bad',
      body: 'Hi {{contact.name}} from {{ticket.owner}}',
    });
    expectError(res, 422, undefined, 'body.body');
    expect(res.body).toContain('unknown placeholder {{ticket.owner}}');
    expectError(await admin.patch(`/api/staff/canned-responses/${global}`, { body: '{{x}}' }), 422);
    expect(await counts()).toEqual(before);
  });

  it('an agent sees the global ones and its teams’ ones; others are 404', async () => {
    const titles = async (c: TestClient) =>
      ((await c.get('/api/staff/canned-responses')).json() as { items: { title: string }[] }).items.map(
        (i) => i.title,
      );
    expect(await titles(agent1.client)).toEqual(['Greeting', 'Reset VPN']);
    expect(await titles(agent2.client)).toEqual(['Escalate', 'Greeting']);
    expect(await titles(admin)).toEqual(['Escalate', 'Greeting', 'Reset VPN']);
    expectError(await agent1.client.get(`/api/staff/canned-responses/${other}`), 404);
    expectError(await agent1.client.patch(`/api/staff/canned-responses/${other}`, { title: 'Mine' }), 404);
    expectError(await agent1.client.delete(`/api/staff/canned-responses/${other}`), 404);
    // Visible but global: an agent may use it, not change it.
    expectError(await agent1.client.patch(`/api/staff/canned-responses/${global}`, { title: 'Hi' }), 403);
    const renamed = await agent1.client.patch(`/api/staff/canned-responses/${own}`, { title: 'VPN reset' });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('renders one for a ticket the agent sees, with the placeholders filled in', async () => {
    const res = await agent1.client.get(`/api/staff/canned-responses/${global}/render?ticketId=${ticket.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().body).toBe(
      `Hello ${contactName.split(' ')[0]},\n\nabout **#${ticket.number}** (VPN drops): …\n\nAlex Agent`,
    );
    const own2 = await agent1.client.get(`/api/staff/canned-responses/${own}/render?ticketId=${ticket.id}`);
    expect(own2.json().body).toBe(`Dear ${contactName}, please reconnect.`);
  });

  it('404 for a ticket outside the agent’s scope, or a canned response it does not see', async () => {
    expectError(
      await agent2.client.get(`/api/staff/canned-responses/${global}/render?ticketId=${ticket.id}`),
      404,
    );
    expectError(
      await agent1.client.get(`/api/staff/canned-responses/${other}/render?ticketId=${ticket.id}`),
      404,
    );
  });
});

describe('@mentions in internal notes', () => {
  const note = (c: TestClient, body: Record<string, unknown>) =>
    c.post(`/api/staff/tickets/${ticket.id}/comments`, body);

  it('stores the mention and mails the colleague in the same write', async () => {
    const res = await note(agent1.client, {
      body: '@Cleo Colleague can you look at the **router** logs?',
      public: false,
      mentions: [colleague.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mentions).toEqual([{ id: colleague.id, name: 'Cleo Colleague' }]);
    const mails = (await t.queuedMails()).filter((m) => m.kind === 'mention');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      subject: `Alex Agent mentioned you on #${ticket.number}: VPN drops`,
    });
    expect(mails[0]?.text).toContain('can you look at the **router** logs?');
    expect(mails[0]?.text).toContain(`http://portico.test/staff/tickets/${ticket.id}`);
    const listed = await agent1.client.get(`/api/staff/tickets/${ticket.id}/comments`);
    expect(listed.json().items.at(-1).mentions).toEqual([{ id: colleague.id, name: 'Cleo Colleague' }]);
  });

  it('suggests only colleagues who see the ticket; 404 outside the agent’s scope', async () => {
    const names = async (q: string) =>
      (
        (await agent1.client.get(`/api/staff/tickets/${ticket.id}/mentionable?q=${q}`)).json() as {
          items: { name: string }[];
        }
      ).items.map((i) => i.name);
    expect(await names('o')).toEqual(
      ['Ada Admin', 'Alex Agent', 'Cleo Colleague'].filter((n) => /o/i.test(n)),
    );
    expect(await names('Bo')).toEqual([]);
    expectError(await agent2.client.get(`/api/staff/tickets/${ticket.id}/mentionable`), 404);
  });

  it('refuses a colleague who cannot see the ticket with 422, writing and mailing nothing', async () => {
    const before = await counts();
    const res = await note(agent1.client, {
      body: '@Bo Outsider look',
      public: false,
      mentions: [colleague.id, agent2.id],
    });
    expectError(res, 422, undefined, 'body.mentions.1');
    expect(res.body).toContain('cannot see the ticket');
    expectError(
      await note(agent1.client, { body: '@Cleo hi', public: true, mentions: [colleague.id] }),
      422,
      undefined,
      'body.mentions',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('files at the reply they came with', () => {
  it('a public reply’s files reach the contact with the reply; an internal note’s never do', async () => {
    const reply = (
      await agent1.client.post(`/api/staff/tickets/${ticket.id}/comments`, {
        body: 'Here is the config.',
        public: true,
      })
    ).json() as { id: string };
    const internal = (
      await agent1.client.post(`/api/staff/tickets/${ticket.id}/comments`, {
        body: 'Raw logs attached.',
        public: false,
      })
    ).json() as { id: string };
    const url = `/api/staff/tickets/${ticket.id}/attachments`;
    const shared = await upload(agent1.client, url, { public: 'true', commentId: reply.id }, 'vpn.conf');
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json().commentId).toBe(reply.id);

    const before = await counts();
    expectError(
      await upload(agent1.client, url, { public: 'true', commentId: internal.id }, 'secret.log'),
      422,
      undefined,
      'body.public',
    );
    expect(await counts()).toEqual(before);
    const hidden = await upload(agent1.client, url, { commentId: internal.id }, 'secret.log');
    expect(hidden.statusCode, hidden.body).toBe(201);
    expectError(
      await agent1.client.patch(`/api/staff/attachments/${hidden.json().id}`, { public: true }),
      422,
    );

    // Even marked public behind the API's back, a file of an internal note is not the contact's.
    await db().updateTable('attachments').set({ public: true }).where('id', '=', hidden.json().id).execute();
    const seen = await portal.get(`/api/portal/tickets/${ticket.id}/attachments`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items).toEqual([
      expect.objectContaining({ id: shared.json().id, commentId: reply.id, filename: 'vpn.conf' }),
    ]);
    expectError(await portal.get(`/api/portal/attachments/${hidden.json().id}`), 404);
  });

  it('a contact attaches files to its own reply, not to anyone else’s', async () => {
    const mine = await portal.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Screenshot:' });
    expect(mine.statusCode, mine.body).toBe(201);
    const url = `/api/portal/tickets/${ticket.id}/attachments`;
    const ok = await upload(portal, url, { commentId: mine.json().id }, 'screen.txt');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().commentId).toBe(mine.json().id);
    const staffReply = (await admin.get(`/api/staff/tickets/${ticket.id}/comments`))
      .json()
      .items.find(
        (c: { public: boolean; author: { type: string } }) => c.public && c.author.type === 'staff',
      ) as { id: string };
    const before = await counts();
    expectError(await upload(portal, url, { commentId: staffReply.id }), 422, undefined, 'body.commentId');
    expect(await counts()).toEqual(before);
  });
});
