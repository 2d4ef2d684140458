// Group e-mails as one batch row, expanded by the worker in chunks (src/mail/group-mail.ts), and
// the clean-up of old mail (src/mail/retention.ts), on the real database without a worker running.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandNextBatch, queueGroupMail } from '../../src/mail/group-mail.ts';
import { queueMails } from '../../src/mail/outbox.ts';
import { purgeOldMail } from '../../src/mail/retention.ts';
import { batchProgress } from '../../src/modules/mail/repo.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createContact, createOrganization, createStaffUser } from '../support/factories.ts';

let testDb: TestDatabase;
const db = () => testDb.database.db;
let staffId: string;
const PUBLIC_URL = 'http://portico.test';

beforeAll(async () => {
  testDb = await createTestDatabase();
  staffId = (await createStaffUser(db(), { role: 'admin' })).id;
}, 60_000);
afterAll(async () => {
  await testDb?.drop();
});

/** A user group with `size` explicit members of one organization; returns the group and members by id. */
async function groupOf(size: number) {
  const org = await createOrganization(db());
  const group = await db()
    .insertInto('user_groups')
    .values({ name: `Group ${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const members = [];
  for (let i = 0; i < size; i++) members.push(await createContact(db(), { organizationId: org.id }));
  await db()
    .insertInto('user_group_contacts')
    .values(members.map((m) => ({ user_group_id: group.id, contact_id: m.id })))
    .execute();
  return { group: { id: group.id, always: false }, members };
}

const messagesOf = (batchId: string) =>
  db()
    .selectFrom('mail_messages')
    .select(['contact_id', 'to_address', 'subject', 'text_body', 'kind', 'status'])
    .where('batch_id', '=', batchId)
    .execute();

const batchRow = (batchId: string) =>
  db().selectFrom('mail_batches').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();

/** Expands pending batches until none is left; returns the number of chunks (transactions). */
async function expandAll(chunk: number) {
  let chunks = 0;
  while (await expandNextBatch(db(), PUBLIC_URL, chunk)) chunks++;
  return chunks;
}

describe('a group e-mail', () => {
  it('is one batch row when queued, counting the enabled members; the worker makes one message each', async () => {
    const { group, members } = await groupOf(7);
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', members[0]!.id).execute();
    const batchId = randomUUID();
    const counted = await queueGroupMail(db(), group, {
      batchId,
      subject: 'Maintenance',
      text: 'Down at ten.',
      staffUserId: staffId,
    });
    expect(counted).toBe(6);
    expect(await messagesOf(batchId)).toEqual([]);
    // Not expanded yet: the members still to come count as queued.
    expect(await batchProgress(db(), batchId)).toEqual({
      batchId,
      queued: 6,
      sending: 0,
      sent: 0,
      failed: 0,
    });

    // Chunks of 4: two transactions, the second shorter, which ends the batch.
    expect(await expandAll(4)).toBe(2);
    const messages = await messagesOf(batchId);
    expect(messages.map((m) => m.contact_id).sort()).toEqual(
      members
        .slice(1)
        .map((m) => m.id)
        .sort(),
    );
    for (const m of messages)
      expect(m).toMatchObject({
        kind: 'group',
        subject: 'Maintenance',
        text_body: 'Down at ten.',
        status: 'queued',
      });
    expect(new Set(messages.map((m) => m.to_address)).size).toBe(6);
    expect((await batchRow(batchId)).expanded_at).not.toBeNull();
    expect(await batchProgress(db(), batchId)).toEqual({
      batchId,
      queued: 6,
      sending: 0,
      sent: 0,
      failed: 0,
    });
  });

  it('reads the members as each chunk is made: one disabled or removed meanwhile gets nothing', async () => {
    const { group, members } = await groupOf(6);
    const batchId = randomUUID();
    await queueGroupMail(db(), group, { batchId, subject: 'S', text: 'T', staffUserId: staffId });
    expect(await expandNextBatch(db(), PUBLIC_URL, 2)).toBe(true);
    const first = new Set((await messagesOf(batchId)).map((m) => m.contact_id));
    expect(first.size).toBe(2);
    const later = members.filter((m) => !first.has(m.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', later[0]!.id).execute();
    await db()
      .deleteFrom('user_group_contacts')
      .where('user_group_id', '=', group.id)
      .where('contact_id', '=', later[1]!.id)
      .execute();
    await expandAll(2);
    const all = (await messagesOf(batchId)).map((m) => m.contact_id);
    // Each member once, the first chunk's not again, the disabled and the removed not at all.
    expect(all.sort()).toEqual([...first, later[2]!.id, later[3]!.id].sort());
  });

  it('of a group deleted before it went out queues nothing and is finished', async () => {
    const { group } = await groupOf(3);
    const batchId = randomUUID();
    expect(
      await queueGroupMail(db(), group, { batchId, subject: 'S', text: 'T', staffUserId: staffId }),
    ).toBe(3);
    await db().deleteFrom('user_groups').where('id', '=', group.id).execute();
    expect(await expandAll(100)).toBe(1);
    expect(await messagesOf(batchId)).toEqual([]);
    expect((await batchRow(batchId)).expanded_at).not.toBeNull();
  });

  it('to an always-group goes to every enabled contact', async () => {
    const always = await db()
      .insertInto('user_groups')
      .values({ name: `Everyone ${randomUUID()}`, always: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const enabled = await db()
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('disabled', '=', false)
      .executeTakeFirstOrThrow();
    const batchId = randomUUID();
    const counted = await queueGroupMail(
      db(),
      { id: always.id, always: true },
      { batchId, subject: 'S', text: 'T', staffUserId: staffId },
    );
    expect(counted).toBe(Number(enabled.n));
    await expandAll(5);
    expect(await messagesOf(batchId)).toHaveLength(counted);
  });
});

describe('the clean-up of old mail', () => {
  it('removes sent and failed messages, handled events and batches older than the retention; keeps the rest', async () => {
    const ids = await queueMails(
      db(),
      PUBLIC_URL,
      ['old-sent', 'old-failed', 'old-queued', 'new-sent'].map((to) => ({
        kind: 'test',
        to: `${to}@example.test`,
        subject: to,
        text: 'x',
      })),
    );
    const [oldSent, oldFailed, oldQueued, newSent] = ids as [string, string, string, string];
    const age = (id: string, status: string, days: number) =>
      sql`update mail_messages set status = ${status}, created_at = now() - make_interval(days => ${days})
          where id = ${id}::uuid`.execute(db());
    await age(oldSent, 'sent', 100);
    await age(oldFailed, 'failed', 100);
    await age(oldQueued, 'queued', 100);
    await age(newSent, 'sent', 10);
    const oldBatch = randomUUID();
    await db()
      .insertInto('mail_batches')
      .values({
        id: oldBatch,
        kind: 'group',
        subject: 'S',
        text_body: 'T',
        recipients: 0,
        expanded_at: sql<Date>`now() - interval '100 days'`,
      })
      .execute();

    expect(await purgeOldMail(db(), 90)).toBeGreaterThanOrEqual(3);
    const left = await db().selectFrom('mail_messages').select('id').where('id', 'in', ids).execute();
    expect(left.map((r) => r.id).sort()).toEqual([oldQueued, newSent].sort());
    expect(await db().selectFrom('mail_batches').select('id').where('id', '=', oldBatch).execute()).toEqual(
      [],
    );
  });
});
