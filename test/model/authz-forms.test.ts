// The forms of the ticket rule and of membership that no other property holds against each
// other (src/authz/tickets/paths.ts, src/authz/membership.ts), on random worlds:
// - per view, the condition evaluated per row = evaluated in bulk = the union of the list's
//   keyset paths (ticketListPaths), and view `all` = visibleTickets;
// - per (group, contact), isMember = "membershipReasons is not empty" = membersOfGroups =
//   groupsOfContact, and `always` is a reason exactly for always-groups.
// The bulk relations (visibleTicketPairs, ticketReach, the pair forms of membership) and explain
// are held against the per-contact condition by access-preview, access-review and access-explain.
import fc from 'fast-check';
import { sql, type Expression, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContactActor, maySignIn, type ContactActor } from '../../src/authz/actor.ts';
import { groupsOfContact, isMember, membersOfGroups, membershipReasons } from '../../src/authz/membership.ts';
import { visibleTicketPairs } from '../../src/authz/tickets/bulk.ts';
import {
  availableViews,
  ticketListPaths,
  ticketsInView,
  visibleTickets,
  writableTickets,
} from '../../src/authz/tickets/condition.ts';
import type { TicketListPath } from '../../src/authz/tickets/paths.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { buildWorld, worldArb } from '../support/access-world.ts';

const NUM_RUNS = Number(process.env.PORTICO_ACCESS_RUNS ?? 6);

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb?.drop());
const db = () => testDb.database.db;

/** The ids of the world's tickets (alias t) where the condition holds, sorted. */
async function ticketsWhere(ids: string[], condition: Expression<SqlBool>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select t.id from tickets t
    where t.id = any(${ids}::uuid[]) and ${condition}`.execute(db());
  return rows.map((r) => r.id).sort();
}

/** A list path as one condition on the row: `where`, or the row's key among the keys (and `member`, the same test per row). */
function pathCondition(path: TicketListPath): Expression<SqlBool>[] {
  if (path.kind === 'where') return [path.condition];
  const inKeys = sql<SqlBool>`(${sql.ref(`t.${path.column}`)} in (select k.key from ${path.keys} k) and ${path.condition})`;
  return [inKeys, sql<SqlBool>`(${path.member} and ${path.condition})`];
}

describe(`the forms of the ticket rule and of membership agree (${testEngine})`, () => {
  it('views: row = bulk = list paths; all = visibleTickets', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        const w = await buildWorld(db(), spec);
        for (const [ci, c] of w.contacts.entries()) {
          const { actor } = (await loadContactActor(db(), c.id))!;
          for (const view of availableViews(actor)) {
            const where = `P${ci} view ${view}`;
            const row = await ticketsWhere(w.tickets, ticketsInView(actor, view, 't', 'row'));
            expect(await ticketsWhere(w.tickets, ticketsInView(actor, view, 't', 'bulk')), where).toEqual(
              row,
            );
            if (view === 'all')
              expect(await ticketsWhere(w.tickets, visibleTickets(actor)), where).toEqual(row);
            const paths = ticketListPaths(actor, view);
            for (const form of [0, 1]) {
              const parts = paths.map((p) => pathCondition(p)[form] ?? pathCondition(p)[0]!);
              const union = parts.length
                ? sql<SqlBool>`(${sql.join(parts, sql` or `)})`
                : sql<SqlBool>`false`;
              expect(await ticketsWhere(w.tickets, union), `${where} list paths`).toEqual(row);
            }
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it(
    'bulk pairs: tickets = visibleTickets, pairs at level write = writableTickets',
    { timeout: 600_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(worldArb, async (spec) => {
          const w = await buildWorld(db(), spec);
          for (const [ci, c] of w.contacts.entries()) {
            // The per-request condition assumes a signed-in contact; the pairs apply that gate themselves.
            const loaded = (await loadContactActor(db(), c.id))!;
            const actor = maySignIn(loaded) ? loaded.actor : undefined;
            const expected = async (condition: (a: ContactActor) => Expression<SqlBool>) =>
              actor ? ticketsWhere(w.tickets, condition(actor)) : [];
            const { rows } = await sql<{ ticket_id: string; level: string }>`select p.ticket_id, p.level
              from ${visibleTicketPairs(sql`select ${c.id}::uuid`)} p
              where p.ticket_id = any(${w.tickets}::uuid[])`.execute(db());
            const distinct = (levels: string[]) =>
              [...new Set(rows.filter((r) => levels.includes(r.level)).map((r) => r.ticket_id))].sort();
            expect(distinct(['read', 'write']), `P${ci} visible`).toEqual(await expected(visibleTickets));
            expect(distinct(['write']), `P${ci} writable`).toEqual(await expected(writableTickets));
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );

  it('membership: isMember = reasons = membersOfGroups = groupsOfContact', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        const w = await buildWorld(db(), spec);
        const contactIds = w.contacts.map((c) => c.id);
        const ct = { id: sql.ref<string>('ct.id'), org: sql.ref<string>('ct.organization_id') };
        const { rows } = await sql<{
          group_id: string;
          contact_id: string;
          always: boolean;
          member: boolean;
          reasons: string[];
          by_contact: boolean;
        }>`select ug.id as group_id, ct.id as contact_id, ug.always,
            ${isMember(ct.id, ct.org, sql.ref('ug.id'))} as member,
            ${membershipReasons(ct.id, ct.org, sql.ref('ug.id'))} as reasons,
            exists (select 1 from ${groupsOfContact(ct.id)} g where g.user_group_id = ug.id) as by_contact
          from user_groups ug cross join contacts ct
          where ug.id = any(${w.groups}::uuid[]) and ct.id = any(${contactIds}::uuid[])`.execute(db());
        for (const r of rows) {
          const where = `group ${r.group_id} contact ${r.contact_id}`;
          expect(r.reasons.length > 0, `${where}: reasons ${r.reasons.join(',')}`).toBe(r.member);
          expect(r.reasons.includes('always'), where).toBe(r.always);
          if (!r.always) expect(r.by_contact, `${where}: groupsOfContact`).toBe(r.member);
        }
        for (const g of w.groups) {
          const { rows: members } = await sql<{ contact_id: string }>`select m.contact_id
            from ${membersOfGroups([g])} m where m.contact_id = any(${contactIds}::uuid[])`.execute(db());
          const always = rows.some((r) => r.group_id === g && r.always);
          if (always) continue;
          const expected = rows.filter((r) => r.group_id === g && r.member).map((r) => r.contact_id);
          expect(members.map((m) => m.contact_id).sort(), `membersOfGroups ${g}`).toEqual(expected.sort());
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
