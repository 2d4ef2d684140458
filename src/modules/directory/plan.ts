import { sql, type Transaction } from 'kysely';
import type { DB, DirectoryMapping } from '../../db/schema.ts';
import type { DirectorySettings } from '../../auth/directory-settings.ts';
import {
  firstMapped,
  managedChanges,
  mappedIds,
  type SourceMapping,
} from '../user-groups/managed-memberships.ts';
import { planDirectoryGroups, type GroupsPlan } from './groups.ts';
import { dnKey, type DirectoryPerson, type DirectorySnapshot } from './read.ts';
import type { SyncChangesOut } from './schema.ts';

/**
 * What a sync changes, worked out from one directory read and the stored state (read in the
 * sync's transaction, after its lock): the same plan is applied by a sync and measured, then
 * rolled back, by a preview. The directory decides, for the contacts it manages: their fields,
 * organization, privilege group, enabled state, and the memberships it made (directory_managed);
 * hand-made memberships are never touched.
 */

/** The contact columns the directory sets. */
export type ContactColumns = {
  name: string;
  email: string;
  organization_id: string;
  privilege_group_id: string;
  title: string;
  department: string;
  phone: string;
  attributes: Record<string, string>;
};

type Pair = { userGroupId: string; contactId: string; email: string };

export type SyncPlan = GroupsPlan & {
  create: { contactId: string; dn: string; columns: ContactColumns }[];
  /** Stored contacts whose columns change, or that the directory takes over (link: not yet managed). */
  update: {
    contactId: string;
    dn: string;
    email: string;
    link: boolean;
    before: Partial<ContactColumns>;
    after: Partial<ContactColumns>;
  }[];
  disable: {
    contactId: string;
    dn: string;
    email: string;
    reason: 'disabled_in_directory' | 'gone_from_directory';
  }[];
  enable: { contactId: string; dn: string; email: string }[];
  addMembers: Pair[];
  removeMembers: Pair[];
  skipped: { dn: string; reason: string }[];
};

type Stored = {
  id: string;
  dn: string | null;
  disabled: boolean;
  disabled_by_directory: boolean | null;
} & ContactColumns;

const COLUMNS = [
  'c.id',
  'c.name',
  'c.email',
  'c.organization_id',
  'c.privilege_group_id',
  'c.title',
  'c.department',
  'c.phone',
  'c.attributes',
  'c.disabled',
  'da.dn',
  'da.disabled_by_directory',
] as const;

async function storedContacts(trx: Transaction<DB>, emails: string[]): Promise<Stored[]> {
  const managed = await trx
    .selectFrom('directory_accounts as da')
    .innerJoin('contacts as c', 'c.id', 'da.contact_id')
    .select(COLUMNS)
    .execute();
  // Contacts not yet managed whose address a directory entry has: the directory takes them over.
  const byEmail = emails.length
    ? await trx
        .selectFrom('contacts as c')
        .leftJoin('directory_accounts as da', 'da.contact_id', 'c.id')
        .select(COLUMNS)
        .where((eb) => eb(eb.fn('lower', ['c.email']), 'in', emails))
        .where('da.contact_id', 'is', null)
        .execute()
    : [];
  return [...managed, ...byEmail];
}

/** The ids of the mapping that still exist in the table. */
async function existing(
  trx: Transaction<DB>,
  table: 'user_groups' | 'privilege_groups' | 'organizations',
  ids: string[],
) {
  if (ids.length === 0) return new Set<string>();
  const rows = await trx.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The organization of the longest mapped OU that contains the entry, else the default. */
function organizationOf(person: DirectoryPerson, mappings: DirectoryMapping[], fallback: string | null) {
  let best: { length: number; id: string } | undefined;
  for (const m of mappings) {
    const ou = dnKey(m.dn);
    if (person.key.endsWith(`,${ou}`) && (!best || ou.length > best.length))
      best = { length: ou.length, id: m.id };
  }
  return best?.id ?? fallback;
}

/** A mapping list by DN as the shared mapping's sources (DN keys). */
const bySource = (mappings: readonly DirectoryMapping[]): SourceMapping[] =>
  mappings.map((m) => ({ source: dnKey(m.dn), id: m.id }));

/** Whether the person is a (direct) member of the group with that key. */
const holder = (snapshot: DirectorySnapshot, person: string) => (groupKey: string) =>
  snapshot.groups.get(groupKey)?.has(person) ?? false;

/** The contact columns the entry asks for, on top of the stored ones (attributes merge). */
function wanted(
  person: DirectoryPerson,
  organizationId: string,
  privilegeGroupId: string,
  stored: Stored | undefined,
): ContactColumns {
  const attributes = { ...(stored?.attributes ?? {}) };
  const plain: Record<'title' | 'department' | 'phone', string> = {
    title: stored?.title ?? '',
    department: stored?.department ?? '',
    phone: stored?.phone ?? '',
  };
  for (const [field, value] of Object.entries(person.fields)) {
    if (field.startsWith('attributes.')) attributes[field.slice('attributes.'.length)] = value;
    else plain[field as keyof typeof plain] = value;
  }
  return {
    name: (person.name || person.email).slice(0, 200),
    email: person.email,
    organization_id: organizationId,
    privilege_group_id: privilegeGroupId,
    ...plain,
    attributes,
  };
}

function differences(before: ContactColumns, after: ContactColumns) {
  const b: Partial<ContactColumns> = {};
  const a: Partial<ContactColumns> = {};
  for (const key of Object.keys(after) as (keyof ContactColumns)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    Object.assign(b, { [key]: before[key] });
    Object.assign(a, { [key]: after[key] });
  }
  return { before: b, after: a };
}

export async function planSync(
  trx: Transaction<DB>,
  settings: DirectorySettings,
  snapshot: DirectorySnapshot,
): Promise<SyncPlan> {
  const plan: SyncPlan = {
    createGroups: [],
    renameGroups: [],
    create: [],
    update: [],
    disable: [],
    enable: [],
    addMembers: [],
    removeMembers: [],
    skipped: [],
  };
  const emails = [...new Set(snapshot.people.map((p) => p.email.toLowerCase()).filter(Boolean))];
  const stored = await storedContacts(trx, emails);
  const byDn = new Map(stored.filter((s) => s.dn).map((s) => [dnKey(s.dn ?? ''), s]));
  const byEmail = new Map(stored.filter((s) => !s.dn).map((s) => [s.email.toLowerCase(), s]));
  const managedEmails = new Map(
    stored.filter((s) => s.dn).map((s) => [s.email.toLowerCase(), dnKey(s.dn ?? '')]),
  );
  const groups = await existing(
    trx,
    'user_groups',
    settings.group_map.map((m) => m.id),
  );
  const privilegeGroups = await existing(trx, 'privilege_groups', [
    ...settings.privilege_map.map((m) => m.id),
    ...(settings.default_privilege_group_id ? [settings.default_privilege_group_id] : []),
  ]);
  const organizations = await existing(trx, 'organizations', [
    ...settings.organization_map.map((m) => m.id),
    ...(settings.default_organization_id ? [settings.default_organization_id] : []),
  ]);

  /** Directory key → the contact it is (stored or to be created), for the memberships. */
  const contactOf = new Map<string, { id: string; email: string }>();
  const seenEmails = new Set<string>();
  const fresh: { contact: { id: string; email: string }; person: DirectoryPerson }[] = [];
  for (const person of snapshot.people) {
    const email = person.email.toLowerCase();
    const skip = (reason: string) => plan.skipped.push({ dn: person.dn, reason });
    if (!email.includes('@')) {
      skip(`no e-mail address in ${settings.email_attribute}`);
      continue;
    }
    if (seenEmails.has(email)) {
      skip(`the address ${email} is also another directory entry's`);
      continue;
    }
    seenEmails.add(email);
    const current = byDn.get(person.key) ?? byEmail.get(email);
    const owner = managedEmails.get(email);
    if (owner && owner !== person.key) {
      skip(`the address ${email} belongs to a contact managed through another directory entry`);
      continue;
    }
    const organizationId = organizationOf(
      person,
      settings.organization_map,
      settings.default_organization_id,
    );
    if (!organizationId || !organizations.has(organizationId)) {
      skip('no organization: map its OU or set a default organization');
      continue;
    }
    const mapped = firstMapped(bySource(settings.privilege_map), holder(snapshot, person.key), (id) =>
      privilegeGroups.has(id),
    );
    const fallback =
      settings.default_privilege_group_id && privilegeGroups.has(settings.default_privilege_group_id)
        ? settings.default_privilege_group_id
        : null;
    const privilegeGroupId = mapped ?? current?.privilege_group_id ?? fallback;
    if (!privilegeGroupId) {
      skip('no privilege group: map one of its groups or set a default privilege group');
      continue;
    }
    const columns = wanted(person, organizationId, privilegeGroupId, current);
    if (!current) {
      // The id is chosen below, once the number of new contacts is known.
      const contact = { id: '', email };
      fresh.push({ contact, person });
      plan.create.push({ contactId: '', dn: person.dn, columns });
      contactOf.set(person.key, contact);
      continue;
    }
    contactOf.set(person.key, { id: current.id, email });
    const diff = differences(current, columns);
    const link = current.dn === null || current.dn !== person.dn;
    if (link || Object.keys(diff.after).length > 0)
      plan.update.push({ contactId: current.id, dn: person.dn, email, link, ...diff });
    const entry = { contactId: current.id, dn: person.dn, email };
    if (person.disabled && !current.disabled)
      plan.disable.push({ ...entry, reason: 'disabled_in_directory' });
    if (!person.disabled && current.disabled && current.disabled_by_directory) plan.enable.push(entry);
  }
  // Ids as the database makes them (time-ordered, like every contact's), before the save: the
  // preview compares what these contacts see before and after it.
  const { rows: ids } = await sql<{ id: string }>`
    select portico_uuid_v7() as id from generate_series(1, ${fresh.length})`.execute(trx);
  fresh.forEach(({ contact, person }, i) => {
    const id = ids[i]?.id ?? '';
    contact.id = id;
    const create = plan.create[i];
    if (create) create.contactId = id;
    if (person.disabled)
      plan.disable.push({
        contactId: id,
        dn: person.dn,
        email: contact.email,
        reason: 'disabled_in_directory',
      });
  });
  const present = new Set(snapshot.people.map((p) => p.key));
  for (const s of stored) {
    if (s.dn && !present.has(dnKey(s.dn)) && !s.disabled)
      plan.disable.push({ contactId: s.id, dn: s.dn, email: s.email, reason: 'gone_from_directory' });
  }
  // The user groups the directory made (and makes now) are mapped from their own groups.
  const owned = await planDirectoryGroups(trx, settings, snapshot, plan);
  const mappings = [...bySource(settings.group_map).filter((m) => groups.has(m.id)), ...owned];
  await planMemberships(trx, snapshot, mappings, contactOf, plan);
  return plan;
}

/** The directory's memberships against the ones it made, and the hand-made ones it must not add again. */
async function planMemberships(
  trx: Transaction<DB>,
  snapshot: DirectorySnapshot,
  mappings: SourceMapping[],
  contactOf: Map<string, { id: string; email: string }>,
  plan: SyncPlan,
) {
  const wantedPairs: Pair[] = [];
  for (const [key, contact] of contactOf)
    for (const userGroupId of mappedIds(mappings, holder(snapshot, key)))
      wantedPairs.push({ userGroupId, contactId: contact.id, email: contact.email });
  const groups = [...new Set(mappings.map((m) => m.id))];
  const rows = await trx
    .selectFrom('user_group_contacts as ugc')
    .innerJoin('contacts as c', 'c.id', 'ugc.contact_id')
    .select(['ugc.user_group_id', 'ugc.contact_id', 'ugc.directory_managed', 'c.email'])
    .where((eb) =>
      eb.or([
        eb('ugc.directory_managed', '=', true),
        ...(groups.length ? [eb('ugc.user_group_id', 'in', groups)] : []),
      ]),
    )
    .execute();
  const stored = rows.map((r) => ({
    userGroupId: r.user_group_id,
    contactId: r.contact_id,
    email: r.email,
    managed: r.directory_managed,
  }));
  const { add, remove } = managedChanges(wantedPairs, stored);
  plan.addMembers.push(...add);
  plan.removeMembers.push(...remove.map(({ managed: _m, ...pair }) => pair));
}

export function changesOf(plan: SyncPlan): SyncChangesOut {
  return {
    groupsCreated: plan.createGroups,
    groupsRenamed: plan.renameGroups.map((r) => ({
      userGroupId: r.userGroupId,
      dn: r.dn,
      name: r.after.name,
      fields: Object.keys(r.after),
    })),
    contactsCreated: plan.create.map((c) => ({
      contactId: c.contactId,
      dn: c.dn,
      email: c.columns.email,
      name: c.columns.name,
      organizationId: c.columns.organization_id,
    })),
    contactsUpdated: plan.update.map((u) => ({
      contactId: u.contactId,
      dn: u.dn,
      email: u.email,
      fields: [...(u.link ? ['directory'] : []), ...Object.keys(u.after)],
    })),
    contactsDisabled: plan.disable,
    contactsEnabled: plan.enable,
    membershipsAdded: plan.addMembers,
    membershipsRemoved: plan.removeMembers,
    skipped: plan.skipped,
  };
}

export const isEmpty = (plan: SyncPlan) =>
  plan.createGroups.length +
    plan.renameGroups.length +
    plan.create.length +
    plan.update.length +
    plan.disable.length +
    plan.enable.length +
    plan.addMembers.length +
    plan.removeMembers.length ===
  0;
