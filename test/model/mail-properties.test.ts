// Property-based comparison of the notification recipients (permission model §9) with the
// reference model: random worlds (an organization tree, contacts in system and custom privilege
// groups, some disabled, with random mail preferences; user groups by explicit members and member
// organizations; grants, some expired; the tickets module sometimes restricted to a group;
// tickets, some private; participants, added by staff, which queues "participant added") and
// random events on their tickets (a staff-created ticket queues its own; public replies, status
// and priority changes by contacts are queued as the services do).
// For each event, who notificationsFor mails at once and whether each message shows the priority
// equal the model's answer (ReferenceModel.mailRecipients); and the daily digests due two days
// later list, for every contact of the world, the tickets ReferenceModel.digestTickets names.
//
// Environment: as test/support/properties.ts (PORTICO_PROPS_RUNS, …_TIME_LIMIT_MS, …_SEED, …_PATH).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestsDue } from '../../src/mail/notifications/digest.ts';
import { notificationsFor } from '../../src/mail/notifications/index.ts';
import { queueTicketEvent } from '../../src/mail/outbox.ts';
import { testEngine } from '../support/database.ts';
import { checkWorlds, index, often, parentsArb, worldsApp } from '../support/properties.ts';
import { resetGlobalPermissionState, WorldBuilder } from '../support/world.ts';
import type { TestApp, TestClient } from '../support/app.ts';
import type {
  Contact,
  Level,
  MailEventKind,
  NotificationPreference,
  PrivilegeGroup,
  Scope,
  UserGroup,
} from './reference-model.ts';

const DAY = 86_400_000;
const CUSTOM_PRIVILEGES = ['portal.login', 'tickets.view', 'tickets.priority.view', 'tickets.reply'];
const KINDS: MailEventKind[] = ['public_reply', 'status_changed', 'priority_changed'];

type Spec = {
  parents: number[];
  custom: { privileges: string[]; ticketScope: Scope; scopeLevel: Level };
  contacts: { org: number; group: number; disabled: boolean; pref: NotificationPreference | null }[];
  groups: { members: number[]; orgs: { org: number; sub: boolean }[] }[];
  grants: { contact: number; group: number; level: Level; expired: boolean }[];
  restrictTicketsTo: number | null;
  tickets: { requester: number; private: boolean }[];
  /** §6a: participants, added by staff (which queues a participant_added event). */
  participants: { ticket: number; contact: number }[];
  events: { ticket: number; kind: MailEventKind; actor: number }[];
};

const prefArb: fc.Arbitrary<NotificationPreference | null> = fc.option(
  fc.record({
    scope: fc.constantFrom('none' as const, 'mine' as const, 'visible' as const),
    delivery: fc.constantFrom('immediate' as const, 'immediate' as const, 'daily' as const),
  }),
);

const specArb: fc.Arbitrary<Spec> = fc
  .record({
    orgs: fc.integer({ min: 2, max: 4 }),
    contacts: fc.integer({ min: 3, max: 7 }),
    groups: fc.integer({ min: 0, max: 2 }),
  })
  .chain(({ orgs, contacts, groups }) =>
    fc.record({
      parents: parentsArb(orgs),
      custom: fc.record({
        privileges: fc.subarray(CUSTOM_PRIVILEGES),
        ticketScope: fc.constantFrom<Scope>('own', 'organization', 'organization_tree'),
        scopeLevel: fc.constantFrom<Level>('read', 'write'),
      }),
      contacts: fc.array(
        fc.record({ org: index(orgs), group: index(5), disabled: often(6).map((x) => !x), pref: prefArb }),
        { minLength: contacts, maxLength: contacts },
      ),
      groups: fc.array(
        fc.record({
          members: fc.uniqueArray(index(contacts), { maxLength: 2 }),
          orgs: fc.uniqueArray(fc.record({ org: index(orgs), sub: fc.boolean() }), {
            maxLength: 1,
            selector: (o) => o.org,
          }),
        }),
        { minLength: groups, maxLength: groups },
      ),
      grants:
        groups === 0
          ? fc.constant([])
          : fc.array(
              fc.record({
                contact: index(contacts),
                group: index(groups),
                level: fc.constantFrom<Level>('read', 'write'),
                expired: often(4).map((x) => !x),
              }),
              { maxLength: 3 },
            ),
      restrictTicketsTo: groups === 0 ? fc.constant(null) : fc.option(index(groups), { freq: 4 }),
      tickets: fc.array(fc.record({ requester: index(contacts), private: often(3).map((x) => !x) }), {
        minLength: 1,
        maxLength: 3,
      }),
      participants: fc.array(fc.record({ ticket: index(3), contact: index(contacts) }), { maxLength: 3 }),
      events: fc.array(
        fc.record({ ticket: index(3), kind: fc.constantFrom(...KINDS), actor: index(contacts) }),
        { maxLength: 4 },
      ),
    }),
  );

async function build(t: TestApp, staff: TestClient, spec: Spec) {
  const b = await WorldBuilder.start(t, { staff, passwords: 'db' });
  await resetGlobalPermissionState(b);
  const db = b.db;
  const orgs = await b.organizationTree(spec.parents);
  const privilegeGroups: PrivilegeGroup[] = [
    ...(await b.systemGroups()),
    await b.privilegeGroup({ name: 'Custom', ...spec.custom }),
  ];
  const contacts: Contact[] = [];
  b.world.notificationPreferences = {};
  for (const [i, c] of spec.contacts.entries()) {
    const contact = await b.contact({
      name: `Person ${i}`,
      organization: orgs[c.org]!,
      privilegeGroup: privilegeGroups[c.group]!,
      disabled: c.disabled,
    });
    contacts.push(contact);
    if (c.pref) {
      await db
        .insertInto('contact_notification_preferences')
        .values({ contact_id: contact.id, ...c.pref })
        .execute();
      b.world.notificationPreferences[contact.id] = c.pref;
    }
  }
  const groups: UserGroup[] = [];
  for (const g of spec.groups)
    groups.push(
      await b.userGroup({
        members: g.members.map((m) => contacts[m]!),
        organizations: g.orgs.map((o) => ({ organization: orgs[o.org]!, includeSubOrganizations: o.sub })),
      }),
    );
  for (const g of spec.grants)
    await b.grant(
      contacts[g.contact]!,
      groups[g.group]!,
      g.level,
      g.expired ? new Date(Date.now() - DAY) : null,
    );
  if (spec.restrictTicketsTo !== null) await b.restrictModule('tickets', [groups[spec.restrictTicketsTo]!]);
  const tickets = [];
  for (const t of spec.tickets) tickets.push(await b.ticket(contacts[t.requester]!, { private: t.private }));
  for (const p of spec.participants) {
    const ticket = tickets[p.ticket % tickets.length]!;
    const contact = contacts[p.contact]!;
    if (ticket.requesterId === contact.id || b.model.isParticipant(contact.id, ticket.id)) continue;
    await b.participant(ticket, contact);
  }
  for (const e of spec.events) {
    const ticket = tickets[e.ticket % tickets.length]!;
    const actor = contacts[e.actor]!;
    const comment =
      e.kind === 'public_reply'
        ? await db
            .insertInto('ticket_comments')
            .values({ ticket_id: ticket.id, body: 'A reply', public: true, author_contact_id: actor.id })
            .returning('id')
            .executeTakeFirstOrThrow()
        : undefined;
    await queueTicketEvent(db, {
      ticketId: ticket.id,
      event: e.kind,
      detail: e.kind === 'status_changed' ? 'pending' : e.kind === 'priority_changed' ? 'high' : undefined,
      ...(comment ? { commentId: comment.id } : {}),
      actor: { type: 'contact', id: actor.id },
    });
  }
  return { b, t, tickets };
}

let compared = 0;
let digestsCompared = 0;
async function compare({ b, t, tickets }: Awaited<ReturnType<typeof build>>): Promise<string[]> {
  const problems: string[] = [];
  const events = await b.db
    .selectFrom('mail_ticket_events')
    .selectAll()
    .where(
      'ticket_id',
      'in',
      tickets.map((x) => x.id),
    )
    .orderBy('id')
    .execute();
  const name = (id: string | undefined) => b.world.contacts.find((c) => c.id === id)?.name ?? id;
  for (const event of events) {
    compared++;
    const mails = await notificationsFor(b.db, t.config, event);
    const actual = mails
      .map((m) => {
        if (!m.contactId) return `staff ${m.to}`;
        const inText = /Priority:/.test(m.text);
        if (inText !== /Priority/.test(m.html ?? ''))
          problems.push(`fields text and html disagree for ${name(m.contactId)}`);
        return `${name(m.contactId)}${inText ? ' +priority' : ''}`;
      })
      .sort();
    const expected = b.model
      .mailRecipients({
        ticketId: event.ticket_id,
        kind: event.event as never,
        actorContactId: event.actor_contact_id,
      })
      .map((r) => `${name(r.contactId)}${r.priority ? ' +priority' : ''}`)
      .sort();
    if (actual.join() !== expected.join())
      problems.push(
        `recipients of ${event.event} on a ticket of ${name(b.model.ticket(event.ticket_id).requesterId)}: expected [${expected}], got [${actual}]` +
          `\n      ${b.world.contacts.map((c) => b.model.explain(c.id, event.ticket_id)).join('\n      ')}`,
      );
  }
  problems.push(...(await compareDigests(b, t, tickets, events)));
  return problems;
}

/**
 * The daily digests due two days on list, per contact of this world, the tickets the model's
 * digestTickets names (read back from the digest's lines, "#number subject").
 */
async function compareDigests(
  b: Awaited<ReturnType<typeof build>>['b'],
  t: TestApp,
  tickets: { id: string }[],
  events: { ticket_id: string; actor_contact_id: string | null; event: string }[],
): Promise<string[]> {
  const numbers = await b.db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where(
      'id',
      'in',
      tickets.map((x) => x.id),
    )
    .execute();
  const idOfNumber = new Map(numbers.map((r) => [String(r.number), r.id]));
  const digests = await digestsDue(b.db, t.config, new Date(Date.now() + 2 * DAY));
  const modelEvents = events.map((e) => ({
    ticketId: e.ticket_id,
    kind: e.event as never,
    actorContactId: e.actor_contact_id,
  }));
  const problems: string[] = [];
  for (const contact of b.world.contacts) {
    digestsCompared++;
    const digest = digests.find((d) => d.contactId === contact.id);
    const listed = [...(digest?.text.matchAll(/^- #(\d+) /gm) ?? [])].map(
      (m) => idOfNumber.get(m[1]!) ?? m[1]!,
    );
    const actual = [...new Set(listed)].sort();
    const expected = b.model.digestTickets(contact.id, modelEvents);
    if (actual.join() !== expected.join())
      problems.push(`digest of ${contact.name}: expected [${expected}], got [${actual}]`);
  }
  return problems;
}

describe(`mail recipients = reference model on random worlds (${testEngine})`, () => {
  const { app, staff } = worldsApp('mail-properties');

  it(
    'for every event, who is mailed and whether it sees the priority match the model; so do the daily digests',
    { timeout: 600_000 },
    async () => {
      const started = Date.now();
      const runs = await checkWorlds(specArb, async (spec) => compare(await build(app(), staff(), spec)), {
        runs: 40,
        timeLimitMs: 60_000,
      });
      console.info(
        `mail-properties: ${runs} worlds, ${compared} events, ${digestsCompared} digests in ${Math.round((Date.now() - started) / 1000)} s (${testEngine})`,
      );
      expect(runs).toBeGreaterThanOrEqual(Math.min(3, Number(process.env.PORTICO_PROPS_RUNS ?? 3)));
    },
  );
});
