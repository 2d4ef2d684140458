import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { createSession } from '../../src/auth/sessions.ts';
import type { Profile } from '../profiles.ts';
import type { Lever, Persona, PersonaName } from '../personas.ts';
import { superCustomerIndex } from './population.ts';

const uuid = (kind: number, n: number) => sql<string>`bench_uuid(${kind}, ${n}::bigint)`;
const WEEK_MS = 7 * 86_400_000;

async function session(db: Kysely<DB>, owner: { contactId: string } | { staffUserId: string }) {
  const s = await createSession(db, owner, { ip: '127.0.0.1', userAgent: 'portico-bench', ttlMs: WEEK_MS });
  return { token: s.token, csrfToken: s.csrfToken };
}

async function one<T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T> {
  const row = (await query.execute(db)).rows[0];
  if (!row) throw new Error('persona selection found no row');
  return row;
}

/** Replaces a contact's grants by `count` distinct groups drawn with `salt` (all at `level`, or alternating). */
async function setGrants(
  db: Kysely<DB>,
  p: Profile,
  contactId: string,
  count: number,
  salt: number,
  level: 'read' | 'write' | 'mixed',
): Promise<string[]> {
  await sql`delete from access_grants where contact_id = ${contactId}::uuid`.execute(db);
  const rows = await sql<{ id: string }>`
    insert into access_grants (contact_id, user_group_id, level)
    select ${contactId}::uuid, bench_uuid(3, grp),
      case when ${level} = 'mixed' then (case when grp % 2 = 0 then 'read' else 'write' end) else ${level} end
    from (select distinct 1 + floor(bench_rand(j, ${salt}) * ${p.userGroups})::int as grp
          from generate_series(1, ${count * 4}) j limit ${count}) x
    returning user_group_id as id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Picks and prepares the fixed personas (perf-anchors §9.2): privilege groups, grants and a real
 * portal session each. Runs after the population and its derived tables, before the tickets.
 */
export async function setUpPersonas(
  db: Kysely<DB>,
  p: Profile,
): Promise<{ personas: Persona[]; lever: Lever }> {
  const lever = p.organizations + 1;
  const full = await one(db, sql<{ id: string }>`select id from privilege_groups where system_key = 'full'`);
  const tree = await one(
    db,
    sql<{
      id: string;
    }>`insert into privilege_groups (name, description, privileges, ticket_scope, record_scope, scope_level)
      select 'Bench organization tree (read)', 'benchmark persona', privileges, 'organization_tree', 'organization_tree', 'read'
      from privilege_groups where system_key = 'full' returning id`,
  );
  const notSuper = sql`not exists (select 1 from access_grants g where g.contact_id = c.id)`;
  // Whole organization: the organization whose size is nearest contacts/1000 (~2,000 tickets at L).
  const org = await one(
    db,
    sql<{
      id: string;
      organization_id: string;
    }>`select min(c.id::text)::uuid as id, c.organization_id from contacts c
      where c.organization_id <> ${uuid(1, lever)} and ${notSuper}
      group by c.organization_id order by abs(count(*) - ${Math.ceil(p.contacts / 1000)}), c.organization_id limit 1`,
  );
  // Organization tree: the root whose subtree holds nearest contacts/50 contacts.
  const root = await one(
    db,
    sql<{ organization_id: string }>`select oc.ancestor_id as organization_id from organization_closure oc
      join organizations o on o.id = oc.ancestor_id and o.parent_id is null
      join contacts c on c.organization_id = oc.descendant_id
      where o.id <> ${uuid(1, lever)}
      group by oc.ancestor_id order by abs(count(*) - ${Math.ceil(p.contacts / 50)}), oc.ancestor_id limit 1`,
  );
  const treeContact = await one(
    db,
    sql<{ id: string }>`select min(c.id::text)::uuid as id from contacts c
      where c.organization_id = ${root.organization_id}::uuid and ${notSuper}`,
  );
  await sql`update contacts set privilege_group_id = ${full.id}::uuid where id = ${org.id}::uuid`.execute(db);
  await sql`update contacts set privilege_group_id = ${tree.id}::uuid where id = ${treeContact.id}::uuid`.execute(
    db,
  );

  const contactAt = (n: number) =>
    one(
      db,
      sql<{
        id: string;
        organization_id: string;
      }>`select id, organization_id from contacts where id = ${uuid(2, n)}`,
    );
  const superAt = (s: number) => contactAt(superCustomerIndex(p, s));
  const base = 3 * p.leverSize;

  const specs: Array<{
    name: PersonaName;
    contact: { id: string; organization_id: string };
    scope: Persona['ticketScope'];
    groups: string[];
  }> = [];
  specs.push({ name: 'denied', contact: await contactAt(base + 1), scope: 'own', groups: [] });
  specs.push({ name: 'plain', contact: await contactAt(base + 2), scope: 'own', groups: [] });
  specs.push({ name: 'organization', contact: org, scope: 'organization', groups: [] });
  specs.push({
    name: 'tree',
    contact: { id: treeContact.id, organization_id: root.organization_id },
    scope: 'organization_tree',
    groups: [],
  });
  const small = await superAt(1);
  specs.push({
    name: 'smallSuper',
    contact: small,
    scope: 'own',
    groups: await setGrants(db, p, small.id, p.smallGrants, 61, 'read'),
  });
  const large = await superAt(2);
  specs.push({
    name: 'largeSuper',
    contact: large,
    scope: 'own',
    groups: await setGrants(db, p, large.id, p.largeGrants, 62, 'mixed'),
  });
  const pairRead = await superAt(3);
  const pairWrite = await superAt(4);
  specs.push({
    name: 'pairRead',
    contact: pairRead,
    scope: 'own',
    groups: await setGrants(db, p, pairRead.id, p.pairGrants, 63, 'read'),
  });
  specs.push({
    name: 'pairWrite',
    contact: pairWrite,
    scope: 'own',
    groups: await setGrants(db, p, pairWrite.id, p.pairGrants, 63, 'write'),
  });

  const personas: Persona[] = [];
  for (const s of specs) {
    personas.push({
      name: s.name,
      contactId: s.contact.id,
      organizationId: s.contact.organization_id,
      ticketScope: s.scope,
      groups: s.groups,
      ...(await session(db, { contactId: s.contact.id })),
      openCounts: {},
    });
  }

  // Scenario 5: a watcher holding read grants on the two lever groups only, and a staff admin.
  const watcherContact = await superAt(5);
  await sql`delete from access_grants where contact_id = ${watcherContact.id}::uuid`.execute(db);
  const orgGroup = await one(db, sql<{ id: string }>`select ${uuid(3, p.userGroups + 1)} as id`);
  const ruleGroup = await one(db, sql<{ id: string }>`select ${uuid(3, p.userGroups + 2)} as id`);
  await sql`insert into access_grants (contact_id, user_group_id, level) values
    (${watcherContact.id}::uuid, ${orgGroup.id}::uuid, 'read'), (${watcherContact.id}::uuid, ${ruleGroup.id}::uuid, 'read')`.execute(
    db,
  );
  const staff = await one(
    db,
    sql<{
      id: string;
    }>`insert into staff_users (email, name, role) values ('bench-admin@bench.test', 'Bench admin', 'admin') returning id`,
  );
  const staffSession = await session(db, { staffUserId: staff.id });
  const watcher: Persona = {
    name: 'smallSuper',
    contactId: watcherContact.id,
    organizationId: watcherContact.organization_id,
    ticketScope: 'own',
    groups: [orgGroup.id, ruleGroup.id],
    ...(await session(db, { contactId: watcherContact.id })),
    openCounts: {},
  };
  const leverOrg = await one(db, sql<{ id: string }>`select ${uuid(1, lever)} as id`);
  return {
    personas,
    lever: {
      staffToken: staffSession.token,
      staffCsrf: staffSession.csrfToken,
      organizationGroupId: orgGroup.id,
      ruleGroupId: ruleGroup.id,
      organizationId: leverOrg.id,
      watcher,
      organizationTicketId: '',
      cohortATicketId: '',
      cohortBTicketId: '',
    },
  };
}

/** After the tickets exist: one non-private ticket of each lever population, for scenario 5's "next request". */
export async function pickLeverTickets(db: Kysely<DB>, lever: Lever): Promise<void> {
  const ticketOf = async (condition: RawBuilder<unknown>) =>
    (
      await one(
        db,
        sql<{ id: string }>`select t.id from tickets t join contacts c on c.id = t.requester_id
          where not t.private and ${condition} order by t.number limit 1`,
      )
    ).id;
  lever.organizationTicketId = await ticketOf(sql`c.organization_id = ${lever.organizationId}::uuid`);
  lever.cohortATicketId = await ticketOf(sql`c.attributes ->> 'cohort' = 'a'`);
  lever.cohortBTicketId = await ticketOf(sql`c.attributes ->> 'cohort' = 'b'`);
}
