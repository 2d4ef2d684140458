// Issue 15 §2, done when: "after a sync, membership equals what the directory says". Random
// directory states (people, groups, memberships) are written to a real slapd; after each sync
// the directory-managed memberships are exactly the directory's, for the mapped groups and for
// the groups the sync creates (createGroups: some groups exist or not, at random), hand-made ones
// are untouched, and a second sync changes nothing. Successive states reuse the same entries, so updates,
// removals and re-additions are exercised, not only first syncs.
import fc from 'fast-check';
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, type TestClient, type TestApp } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { slapdAvailable, startSlapd, type Slapd } from '../support/slapd.ts';

const PEOPLE = 6;
/** Mapped to user groups an administrator made. */
const GROUPS = 3;
/** No mapping names them: the sync creates their user groups (cn=c<n>). */
const CREATED = 2;
const OU = 'ou=Random,dc=district,dc=example';
// groupOfNames needs a member: every group also lists this entry, which is nobody's person.
const PLACEHOLDER = 'cn=nobody,dc=district,dc=example';

const personDn = (i: number) => `uid=p${i},${OU}`;
const groupDn = (g: number) => `cn=g${g},${OU}`;
const createdDn = (g: number) => `cn=c${g},${OU}`;
const emailOf = (i: number) => `p${i}@random.example`;

type State = { present: boolean[]; members: boolean[][]; created: (boolean[] | null)[] };
const membersArb = fc.array(fc.boolean(), { minLength: PEOPLE, maxLength: PEOPLE });
const stateArb: fc.Arbitrary<State> = fc.record({
  present: fc.array(fc.boolean(), { minLength: PEOPLE, maxLength: PEOPLE }),
  members: fc.array(membersArb, { minLength: GROUPS, maxLength: GROUPS }),
  // A created group's members, or null: deleted from the directory (or not there yet).
  created: fc.array(fc.option(membersArb, { nil: null }), { minLength: CREATED, maxLength: CREATED }),
});

let t: TestApp;
let ldap: Slapd;
let admin: TestClient;
const db = () => t.testDb.database.db;
const groupIds: string[] = [];
let handMadeGroup = '';

async function exists(client: Client, dn: string) {
  try {
    await client.search(dn, { scope: 'base', attributes: ['1.1'] });
    return true;
  } catch {
    return false;
  }
}

const memberValues = (members: boolean[] | undefined | null) => [
  PLACEHOLDER,
  ...[...Array(PEOPLE).keys()].filter((i) => members?.[i]).map(personDn),
];

/** Writes the state: present people added (absent ones deleted), group members replaced. */
async function writeState(state: State) {
  await ldap.asManager(async (c) => {
    for (let i = 0; i < PEOPLE; i++) {
      const there = await exists(c, personDn(i));
      if (state.present[i] && !there)
        await c.add(personDn(i), {
          objectClass: 'inetOrgPerson',
          uid: `p${i}`,
          cn: `Person ${i}`,
          sn: `P${i}`,
          mail: emailOf(i),
        });
      if (!state.present[i] && there) await c.del(personDn(i));
    }
    for (let g = 0; g < GROUPS; g++) {
      await c.modify(groupDn(g), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'member', values: memberValues(state.members[g]) }),
        }),
      ]);
    }
    for (let g = 0; g < CREATED; g++) {
      const members = state.created[g];
      const there = await exists(c, createdDn(g));
      if (members && !there)
        await c.add(createdDn(g), {
          objectClass: 'groupOfNames',
          cn: `c${g}`,
          member: memberValues(members),
        });
      else if (members)
        await c.modify(createdDn(g), [
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'member', values: memberValues(members) }),
          }),
        ]);
      else if (there) await c.del(createdDn(g));
    }
  });
}

/** The user group the sync made for a created directory group (by its DN), if it did. */
async function createdGroupId(g: number) {
  const row = await db()
    .selectFrom('user_groups')
    .select('id')
    .where('directory_dn', '=', createdDn(g).toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

/** The directory's memberships among present people, as "group/email", mapped and created groups. */
async function expected(state: State) {
  const pairs = (id: string, members: boolean[] | undefined | null) =>
    [...Array(PEOPLE).keys()]
      .filter((i) => state.present[i] && members?.[i])
      .map((i) => `${id}/${emailOf(i)}`);
  const created: string[] = [];
  for (let g = 0; g < CREATED; g++) {
    const members = state.created[g];
    const id = await createdGroupId(g);
    // A group in the directory has its user group (named c<n>) after the sync.
    if (members) expect(id, `c${g} is created`).toBeDefined();
    if (id) created.push(...pairs(id, members));
  }
  return [...groupIds.flatMap((id, g) => pairs(id, state.members[g])), ...created].sort();
}

async function managed() {
  const rows = await db()
    .selectFrom('user_group_contacts as ugc')
    .innerJoin('contacts as c', 'c.id', 'ugc.contact_id')
    .select(['ugc.user_group_id', 'c.email'])
    .where('ugc.directory_managed', '=', true)
    .where('c.email', 'like', '%@random.example')
    .execute();
  return rows.map((r) => `${r.user_group_id}/${r.email}`).sort();
}

describe.skipIf(!slapdAvailable)('directory sync properties against slapd', () => {
  beforeAll(async () => {
    ldap = await startSlapd();
    t = await startTestApp({ DIRECTORY_SYNC_TICK_SECONDS: '0' });
    const staff = await createStaffUser(db(), { role: 'admin' });
    admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
    const organization = await createOrganization(db());
    for (let g = 0; g < GROUPS; g++)
      groupIds.push(
        (
          await db()
            .insertInto('user_groups')
            .values({ name: `Random ${g}` })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    await ldap.asManager(async (c) => {
      await c.add(OU, { objectClass: 'organizationalUnit', ou: 'Random' });
      for (let g = 0; g < GROUPS; g++)
        await c.add(groupDn(g), { objectClass: 'groupOfNames', cn: `g${g}`, member: PLACEHOLDER });
    });
    // A hand-made member of the first group: whatever the directory says, it stays.
    const handMade = await createContact(db(), { organizationId: organization.id });
    handMadeGroup = `${groupIds[0]}/${handMade.id}`;
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: groupIds[0] ?? '', contact_id: handMade.id })
      .execute();
    const res = await admin.put('/api/staff/directory', {
      enabled: true,
      url: ldap.url,
      bindDn: ldap.bindDn,
      bindPassword: ldap.bindPassword,
      baseDn: OU,
      userFilter: '(objectClass=inetOrgPerson)',
      groupFilter: '(objectClass=groupOfNames)',
      emailAttribute: 'mail',
      nameAttribute: 'cn',
      disabledFilter: '',
      attributeMap: {},
      groupMappings: groupIds.map((id, g) => ({ dn: groupDn(g), id })),
      privilegeMappings: [],
      organizationMappings: [],
      createGroups: { enabled: true, underDn: OU, namePrefix: 'Random ' },
      defaultOrganizationId: organization.id,
      defaultPrivilegeGroupId: await privilegeGroupId(db(), 'limited'),
      syncMinutes: 60,
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  });
  afterAll(async () => {
    await t?.close();
    await ldap?.stop();
  });

  it('after a sync, the directory-managed memberships are what the directory says', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (state) => {
        await writeState(state);
        const first = await admin.post('/api/staff/directory/sync');
        expect(first.statusCode, first.body).toBe(200);
        expect(await managed()).toEqual(await expected(state));
        const handMade = await db()
          .selectFrom('user_group_contacts')
          .select(['user_group_id', 'contact_id', 'directory_managed'])
          .where('directory_managed', '=', false)
          .execute();
        expect(handMade.map((r) => `${r.user_group_id}/${r.contact_id}`)).toEqual([handMadeGroup]);
        // Present people are enabled, absent ones disabled.
        const contacts = await db()
          .selectFrom('contacts')
          .select(['email', 'disabled'])
          .where('email', 'like', '%@random.example')
          .execute();
        for (const c of contacts)
          expect(c.disabled).toBe(!state.present[Number(c.email.slice(1).split('@')[0])]);
        const second = await admin.post('/api/staff/directory/sync');
        const changes = second.json().changes as Record<string, unknown[]>;
        expect(Object.entries(changes).filter(([k, v]) => k !== 'skipped' && v.length > 0)).toEqual([]);
      }),
      { numRuns: Number(process.env.PORTICO_PROPS_RUNS ?? 12) },
    );
  });
});
