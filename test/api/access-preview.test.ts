// Preview (POST /api/staff/access/preview) and the set-based relations it is built on.
// 1. The relations equal the per-contact scope builders on random worlds: visibleTicketPairs =
//    visibleTickets, visibleRecordPairs = the record scopes (plus the portal's draft rule), and the
//    membership relations = isMember.
// 2. For a random change on a random world, the preview's numbers equal the real difference:
//    every contact's visibility is measured one contact at a time before and after the same change
//    is saved through the staff API. Nothing is saved by the preview (tables and audit unchanged).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMember } from '../../src/authz/membership.ts';
import { contactGroupPairs, groupMemberPairs } from '../../src/authz/membership.ts';
import { visibilityRelation } from '../../src/modules/access/preview/diff-relation.ts';
import { RECORD_KINDS } from '../../src/authz/records/bulk.ts';
import { visibleTicketPairsAmong } from '../../src/authz/tickets/bulk.ts';
import { previewChange } from '../../src/modules/access/preview/preview-change.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createContact, createStaffUser, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';
import { buildWorld, worldArb } from '../support/access-world.ts';
import {
  applyThroughApi,
  CHANGE_KINDS,
  changeArb,
  diffPerKind,
  expectPreviewOf,
  fingerprint,
  makeChange,
  visibilityPerContact,
} from '../support/access-changes.ts';
import { buildScenario, SCENARIO_CHANGES } from '../support/access-scenario.ts';
import type { AccessChange } from '../../src/modules/access/preview/change.ts';

const NUM_RUNS = Number(process.env.PORTICO_ACCESS_RUNS ?? 4);

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const staff = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
});
afterAll(async () => t?.close());

const sorted = (rows: { k: string }[]) => rows.map((r) => r.k).sort();

describe(`set-based relations = per-contact builders (${testEngine})`, () => {
  it('visibility and membership relations on random worlds', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        await buildWorld(db(), spec);
        const perContactSet = await visibilityPerContact(db());
        const perContact = [...perContactSet].sort();
        const all = sql`select id from contacts`;
        const relation = visibilityRelation({
          ticketContacts: all,
          recordKinds: RECORD_KINDS,
          recordContacts: () => all,
          capabilityContacts: all,
        });
        const { rows } = await sql<{
          k: string;
        }>`select distinct v.kind || ' ' || v.contact_id || ' ' || v.record_id as k
          from (${relation}) v`.execute(db());
        expect(sorted(rows)).toEqual(perContact);
        // Driven from some requesters' tickets: the same pairs, restricted to those tickets.
        const some = sql`select id from contacts where right(id::text, 1) < '8'`;
        const among = await sql<{
          k: string;
        }>`select distinct 'ticket ' || p.contact_id || ' ' || p.ticket_id as k
          from ${visibleTicketPairsAmong(all, some)} p`.execute(db());
        const ofSome = new Set(
          (
            await sql<{ id: string }>`select t.id from tickets t where t.requester_id in (${some})`.execute(
              db(),
            )
          ).rows.map((r) => r.id),
        );
        expect(sorted(among.rows)).toEqual(
          perContact.filter((k) => k.startsWith('ticket ') && ofSome.has(k.split(' ')[2]!)),
        );

        const member = isMember(sql.ref('ct.id'), sql.ref('ct.organization_id'), sql.ref('ug.id'));
        const expected = await sql<{ k: string }>`select ug.id || ' ' || ct.id as k
          from user_groups ug cross join contacts ct where not ug.always and ${member}`.execute(db());
        const byGroup = await sql<{ k: string }>`select distinct m.user_group_id || ' ' || m.contact_id as k
          from ${groupMemberPairs(sql`select id from user_groups where not always`)} m`.execute(db());
        const byContact = await sql<{ k: string }>`select distinct m.user_group_id || ' ' || m.contact_id as k
          from ${contactGroupPairs(all)} m join user_groups ug on ug.id = m.user_group_id where not ug.always`.execute(
          db(),
        );
        expect(sorted(byGroup.rows)).toEqual(sorted(expected.rows));
        expect(sorted(byContact.rows)).toEqual(sorted(expected.rows));
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });
});

/** Previews the change, checks nothing was saved, saves it through the staff API and compares. Returns the real diff. */
async function previewEqualsReality(change: AccessChange) {
  const before = await visibilityPerContact(db());
  const saved = await fingerprint(db());
  const res = await admin.post('/api/staff/access/preview', change);
  expect(res.statusCode, res.body).toBe(200);
  expect(await fingerprint(db())).toEqual(saved);
  const preview = res.json();
  await applyThroughApi(admin, change);
  const real = diffPerKind(before, await visibilityPerContact(db()));
  expectPreviewOf(preview, real, JSON.stringify(change));
  return real;
}

describe(`preview = the real difference (${testEngine})`, () => {
  it.each(CHANGE_KINDS)(
    '%s: random changes on random worlds, and nothing saved',
    { timeout: 300_000 },
    async (kind) => {
      await fc.assert(
        fc.asyncProperty(worldArb, changeArb, async (spec, pick) => {
          const w = await buildWorld(db(), spec);
          await previewEqualsReality(await makeChange(db(), w, { ...pick, kind }));
        }),
        { numRuns: NUM_RUNS, interruptAfterTimeLimit: 240_000 },
      );
    },
  );

  // The corners random worlds reach rarely, each on a small fixed world where it changes something.
  it.each(Object.keys(SCENARIO_CHANGES))('%s', async (name) => {
    const s = await buildScenario(db());
    const real = await previewEqualsReality(SCENARIO_CHANGES[name]!(s));
    expect(
      Object.values(real).some((k) => k.gained[0] + k.lost[0] > 0),
      `${name} changes nothing`,
    ).toBe(true);
  });
});

describe('preview: answers', () => {
  it('inside a caller transaction it rolls back to a savepoint and leaves the transaction usable', async () => {
    const contact = await createContact(db(), { privilegeGroup: 'full' });
    const other = await createContact(db(), { organizationId: contact.organization_id });
    await db()
      .insertInto('tickets')
      .values({ subject: 'x', requester_id: other.id, organization_id: other.organization_id })
      .execute();
    const limited = await privilegeGroupId(db(), 'limited');
    const change = { kind: 'set_privilege_group' as const, contactId: contact.id, privilegeGroupId: limited };
    const user = await createStaffUser(db(), { role: 'admin' });
    const { id, name, email, role } = user;
    const staff = { kind: 'staff' as const, id, name, email, role, canImpersonate: false };
    const result = await db()
      .transaction()
      .execute(async (trx) => {
        const r = await previewChange({ trx, staff, ip: '' }, change);
        const row = await trx
          .selectFrom('contacts')
          .select('privilege_group_id')
          .where('id', '=', contact.id)
          .executeTakeFirstOrThrow();
        return { r, group: row.privilege_group_id };
      });
    expect(result.group).toBe(contact.privilege_group_id);
    expect(result.r.parts.ticket.contactsLosing).toBe(1);
    expect(result.r.parts.ticket.lost.pairs).toBe(1);
  });

  it('401, 403 for an agent, 422 for unknown ids or fields, 409 for a system privilege group', async () => {
    const contact = await createContact(db());
    const body = { kind: 'add_member', userGroupId: crypto.randomUUID(), contactId: contact.id };
    expect((await new TestClient(t.app).post('/api/staff/access/preview', body)).statusCode).toBe(401);
    const agentUser = await createStaffUser(db(), { role: 'agent' });
    const agent = await signedInStaff(t.app, agentUser.email, TEST_PASSWORD);
    expect((await agent.post('/api/staff/access/preview', body)).statusCode).toBe(403);
    const unknown = await admin.post('/api/staff/access/preview', body);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.issues).toEqual([
      { path: 'body.userGroupId', message: 'no such user group' },
    ]);
    expect((await admin.post('/api/staff/access/preview', { ...body, extra: 1 })).statusCode).toBe(422);
    expect((await admin.post('/api/staff/access/preview', { kind: 'nonsense' })).statusCode).toBe(422);
    const system = await privilegeGroupId(db(), 'full');
    const locked = await admin.post('/api/staff/access/preview', {
      kind: 'update_privilege_group',
      privilegeGroupId: system,
      scopeLevel: 'read',
    });
    expect(locked.statusCode).toBe(409);
  });
});
