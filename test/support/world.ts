// Builds a permission world through the staff API and mirrors every step into the reference model
// (test/model/reference-model.ts), so a test can ask the model what the API must answer.
//
// Where an endpoint is not registered (the app answers "No such endpoint."), or refuses something
// the model allows to exist (a grant that has already expired), the same rows are written with
// Kysely instead and the fact is recorded in `directWrites`, so a test run can say which path it
// took. organization_closure and user_group_rule_members are never written: triggers keep them.
import type { LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import {
  emptyWorld,
  ReferenceModel,
  type Contact,
  type Grant,
  type Level,
  type Module,
  type Organization,
  type PrivilegeGroup,
  type Rule,
  type Scope,
  type Ticket,
  type TicketStatus,
  type UserGroup,
  type World,
} from '../model/reference-model.ts';
import { signedInContact, signedInStaff, TestClient, type TestApp } from './app.ts';
import { createStaffUser, TEST_PASSWORD } from './factories.ts';

/** Endpoint (or reason) → how many times rows were written directly instead of through the API. */
export const directWrites = new Map<string, number>();
const noteDirect = (what: string) => directWrites.set(what, (directWrites.get(what) ?? 0) + 1);

export const uniqueTag = () => randomBytes(3).toString('hex');

const routeMissing = (res: LightMyRequestResponse) =>
  res.statusCode === 404 && res.body.includes('No such endpoint');

function expectStatus(res: LightMyRequestResponse, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

let sharedHash: Promise<string> | undefined;
/** The test password's hash, computed once (argon2 is the slow part of making accounts). */
const passwordHash = () => (sharedHash ??= hashPassword(TEST_PASSWORD, { memoryCost: 19456, timeCost: 2 }));

export type ContactSpec = {
  name?: string;
  email?: string;
  organization: Organization;
  privilegeGroup: PrivilegeGroup;
  title?: string;
  department?: string;
  attributes?: Record<string, string>;
  disabled?: boolean;
};

export type UserGroupSpec = {
  name?: string;
  always?: boolean;
  rule?: Rule | null;
  members?: Contact[];
  organizations?: { organization: Organization; includeSubOrganizations: boolean }[];
};

export class WorldBuilder {
  readonly world: World = emptyWorld();
  readonly model: ReferenceModel;

  private constructor(
    readonly t: TestApp,
    readonly staff: TestClient,
    /** Makes names and e-mail addresses unique across the worlds of one database. */
    readonly tag: string,
    /** 'api': PUT /api/staff/contacts/{id}/password; 'db': copy one shared hash (faster). */
    readonly passwords: 'api' | 'db',
  ) {
    this.model = new ReferenceModel(this.world);
  }

  static async start(
    t: TestApp,
    options: { tag?: string; passwords?: 'api' | 'db'; staff?: TestClient } = {},
  ) {
    let staff = options.staff;
    if (!staff) {
      const admin = await createStaffUser(t.testDb.database.db, { role: 'admin' });
      staff = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
    }
    return new WorldBuilder(t, staff, options.tag ?? uniqueTag(), options.passwords ?? 'api');
  }

  get db() {
    return this.t.testDb.database.db;
  }

  // ---- organizations ----

  async organization(name: string, parent: Organization | null = null): Promise<Organization> {
    const res = await this.staff.post('/api/staff/organizations', {
      name: `${name} ${this.tag}`,
      ...(parent ? { parentId: parent.id } : {}),
    });
    expectStatus(res, 201, `create organization ${name}`);
    const org: Organization = { id: res.json().id, name, parentId: parent?.id ?? null };
    this.world.organizations.push(org);
    return org;
  }

  /** An organization tree: parents[i] is the index of organization i's parent (< i), or -1. */
  async organizationTree(parents: number[]): Promise<Organization[]> {
    const orgs: Organization[] = [];
    for (const [i, parent] of parents.entries())
      orgs.push(await this.organization(`Org${i}`, parent >= 0 ? orgs[parent]! : null));
    return orgs;
  }

  /** PATCH /api/staff/organizations/{id} with a new parent (null: a root). */
  async moveOrganization(org: Organization, parent: Organization | null) {
    const res = await this.staff.patch(`/api/staff/organizations/${org.id}`, {
      parentId: parent?.id ?? null,
    });
    expectStatus(res, 200, `move organization ${org.name}`);
    org.parentId = parent?.id ?? null;
  }

  // ---- privilege groups ----

  /** The four system groups, in the order no_portal_access, limited, partial, full. */
  async systemGroups(): Promise<PrivilegeGroup[]> {
    const keys = ['no_portal_access', 'limited', 'partial', 'full'] as const;
    const groups: PrivilegeGroup[] = [];
    for (const key of keys) groups.push(await this.systemGroup(key));
    return groups;
  }

  async systemGroup(key: 'no_portal_access' | 'limited' | 'partial' | 'full'): Promise<PrivilegeGroup> {
    const row = await this.db
      .selectFrom('privilege_groups')
      .selectAll()
      .where('system_key', '=', key)
      .executeTakeFirstOrThrow();
    const existing = this.world.privilegeGroups.find((g) => g.id === row.id);
    if (existing) return existing;
    const group: PrivilegeGroup = {
      id: row.id,
      name: row.name,
      privileges: [...row.privileges],
      ticketScope: row.ticket_scope,
      recordScope: row.record_scope,
      scopeLevel: row.scope_level,
    };
    this.world.privilegeGroups.push(group);
    return group;
  }

  async privilegeGroup(spec: {
    name: string;
    privileges: string[];
    ticketScope: Scope;
    recordScope?: Scope;
    scopeLevel: Level;
  }): Promise<PrivilegeGroup> {
    const body = {
      name: `${spec.name} ${this.tag}`,
      privileges: spec.privileges,
      ticketScope: spec.ticketScope,
      recordScope: spec.recordScope ?? spec.ticketScope,
      scopeLevel: spec.scopeLevel,
    };
    const res = await this.staff.post('/api/staff/privilege-groups', body);
    let id: string;
    if (routeMissing(res)) {
      noteDirect('POST /api/staff/privilege-groups');
      const row = await this.db
        .insertInto('privilege_groups')
        .values({
          name: body.name,
          privileges: body.privileges,
          ticket_scope: body.ticketScope,
          record_scope: body.recordScope,
          scope_level: body.scopeLevel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      expectStatus(res, 201, `create privilege group ${spec.name}`);
      id = res.json().id;
    }
    const group: PrivilegeGroup = {
      id,
      name: spec.name,
      privileges: [...spec.privileges],
      ticketScope: spec.ticketScope,
      recordScope: body.recordScope,
      scopeLevel: spec.scopeLevel,
    };
    this.world.privilegeGroups.push(group);
    return group;
  }

  // ---- contacts ----

  async contact(spec: ContactSpec): Promise<Contact> {
    const local = (spec.name ?? 'person').toLowerCase().replace(/[^a-z0-9]+/g, '.');
    const email = spec.email ?? `${local}.${this.tag}.${uniqueTag()}@example.test`;
    const name = spec.name ?? `Person ${uniqueTag()}`;
    const body = {
      name,
      email,
      organizationId: spec.organization.id,
      privilegeGroupId: spec.privilegeGroup.id,
      title: spec.title ?? '',
      department: spec.department ?? '',
      attributes: spec.attributes ?? {},
      disabled: spec.disabled ?? false,
    };
    const res = await this.staff.post('/api/staff/contacts', body);
    expectStatus(res, 201, `create contact ${name}`);
    const id: string = res.json().id;
    if (this.passwords === 'api') {
      const pw = await this.staff.put(`/api/staff/contacts/${id}/password`, { password: TEST_PASSWORD });
      expectStatus(pw, 204, `set password of ${name}`);
    } else {
      await this.db
        .updateTable('contacts')
        .set({ password_hash: await passwordHash() })
        .where('id', '=', id)
        .execute();
    }
    const contact: Contact = {
      id,
      name,
      email,
      title: body.title,
      department: body.department,
      attributes: { ...body.attributes },
      organizationId: body.organizationId,
      privilegeGroupId: body.privilegeGroupId,
      disabled: body.disabled,
    };
    this.world.contacts.push(contact);
    return contact;
  }

  async updateContact(
    contact: Contact,
    patch: Partial<
      Pick<
        Contact,
        'title' | 'department' | 'attributes' | 'organizationId' | 'privilegeGroupId' | 'disabled' | 'email'
      >
    >,
  ) {
    const res = await this.staff.patch(`/api/staff/contacts/${contact.id}`, patch);
    expectStatus(res, 200, `update contact ${contact.name}`);
    Object.assign(contact, patch);
  }

  async signIn(contact: Contact): Promise<TestClient> {
    return signedInContact(this.t.app, contact.email, TEST_PASSWORD);
  }

  /** The sign-in answer without throwing (200 or a refusal). */
  async trySignIn(contact: Contact): Promise<{ status: number; client: TestClient }> {
    const client = new TestClient(this.t.app);
    const res = await client.post('/api/portal/session', { email: contact.email, password: TEST_PASSWORD });
    return { status: res.statusCode, client };
  }

  // ---- user groups ----

  async userGroup(spec: UserGroupSpec): Promise<UserGroup> {
    const name = `${spec.name ?? 'Group'} ${this.tag} ${uniqueTag()}`;
    const members = (spec.members ?? []).map((c) => c.id);
    const organizations = (spec.organizations ?? []).map((o) => ({
      organizationId: o.organization.id,
      includeSubOrganizations: o.includeSubOrganizations,
    }));
    const body: Record<string, unknown> = {
      name,
      always: spec.always ?? false,
      ...(spec.rule ? { rule: spec.rule } : {}),
      memberContactIds: members,
      memberOrganizations: organizations,
    };
    const res = await this.staff.post('/api/staff/user-groups', body);
    let id: string;
    if (routeMissing(res)) {
      noteDirect('POST /api/staff/user-groups');
      id = await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('user_groups')
          .values({ name, always: spec.always ?? false, rule: spec.rule ? JSON.stringify(spec.rule) : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (members.length)
          await trx
            .insertInto('user_group_contacts')
            .values(members.map((contact_id) => ({ user_group_id: row.id, contact_id })))
            .execute();
        if (organizations.length)
          await trx
            .insertInto('user_group_organizations')
            .values(
              organizations.map((o) => ({
                user_group_id: row.id,
                organization_id: o.organizationId,
                include_sub_organizations: o.includeSubOrganizations,
              })),
            )
            .execute();
        return row.id;
      });
    } else {
      expectStatus(res, 201, `create user group ${name}`);
      id = res.json().id;
    }
    const group: UserGroup = {
      id,
      name: spec.name ?? name,
      always: spec.always ?? false,
      rule: spec.rule ?? null,
      memberContactIds: members,
      memberOrganizations: organizations,
    };
    this.world.userGroups.push(group);
    return group;
  }

  async addMember(group: UserGroup, contact: Contact) {
    const res = await this.staff.put(`/api/staff/user-groups/${group.id}/contacts/${contact.id}`, {});
    if (routeMissing(res)) {
      noteDirect('PUT /api/staff/user-groups/{id}/contacts/{contactId}');
      await this.db
        .insertInto('user_group_contacts')
        .values({ user_group_id: group.id, contact_id: contact.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else expect([200, 201, 204]).toContain(res.statusCode);
    if (!group.memberContactIds.includes(contact.id)) group.memberContactIds.push(contact.id);
  }

  async removeMember(group: UserGroup, contact: Contact) {
    const res = await this.staff.delete(`/api/staff/user-groups/${group.id}/contacts/${contact.id}`);
    if (routeMissing(res)) {
      noteDirect('DELETE /api/staff/user-groups/{id}/contacts/{contactId}');
      await this.db
        .deleteFrom('user_group_contacts')
        .where('user_group_id', '=', group.id)
        .where('contact_id', '=', contact.id)
        .execute();
    } else expect([200, 204]).toContain(res.statusCode);
    group.memberContactIds = group.memberContactIds.filter((id) => id !== contact.id);
  }

  /** PATCH /api/staff/user-groups/{id} with the given fields (rule, memberOrganizations, always). */
  async updateUserGroup(
    group: UserGroup,
    patch: {
      rule?: Rule | null;
      always?: boolean;
      organizations?: { organization: Organization; includeSubOrganizations: boolean }[];
    },
  ) {
    const organizations = patch.organizations?.map((o) => ({
      organizationId: o.organization.id,
      includeSubOrganizations: o.includeSubOrganizations,
    }));
    const body: Record<string, unknown> = {};
    if (patch.rule !== undefined) body.rule = patch.rule;
    if (patch.always !== undefined) body.always = patch.always;
    if (organizations) body.memberOrganizations = organizations;
    const res = await this.staff.patch(`/api/staff/user-groups/${group.id}`, body);
    if (routeMissing(res)) {
      noteDirect('PATCH /api/staff/user-groups/{id}');
      await this.db.transaction().execute(async (trx) => {
        if (patch.rule !== undefined || patch.always !== undefined)
          await trx
            .updateTable('user_groups')
            .set({
              ...(patch.rule !== undefined ? { rule: patch.rule ? JSON.stringify(patch.rule) : null } : {}),
              ...(patch.always !== undefined ? { always: patch.always } : {}),
            })
            .where('id', '=', group.id)
            .execute();
        if (organizations) {
          await trx.deleteFrom('user_group_organizations').where('user_group_id', '=', group.id).execute();
          if (organizations.length)
            await trx
              .insertInto('user_group_organizations')
              .values(
                organizations.map((o) => ({
                  user_group_id: group.id,
                  organization_id: o.organizationId,
                  include_sub_organizations: o.includeSubOrganizations,
                })),
              )
              .execute();
        }
      });
    } else expectStatus(res, 200, `update user group ${group.name}`);
    if (patch.rule !== undefined) group.rule = patch.rule;
    if (patch.always !== undefined) group.always = patch.always;
    if (organizations) group.memberOrganizations = organizations;
  }

  async deleteUserGroup(groupId: string) {
    const res = await this.staff.delete(`/api/staff/user-groups/${groupId}`);
    if (routeMissing(res)) {
      noteDirect('DELETE /api/staff/user-groups/{id}');
      await this.db.deleteFrom('user_groups').where('id', '=', groupId).execute();
    } else expect([204, 404]).toContain(res.statusCode);
    this.world.userGroups = this.world.userGroups.filter((g) => g.id !== groupId);
  }

  // ---- access grants ----

  async grant(
    contact: Contact,
    group: UserGroup,
    level: Level,
    expiresAt: Date | null = null,
  ): Promise<Grant> {
    const body = {
      contactId: contact.id,
      userGroupId: group.id,
      level,
      expiresAt: expiresAt ? expiresAt.toISOString() : null,
    };
    const res = await this.staff.post('/api/staff/access-grants', body);
    let id: string;
    const pastRefused = res.statusCode === 422 && expiresAt !== null && expiresAt.getTime() < Date.now();
    if (routeMissing(res) || pastRefused) {
      noteDirect(
        pastRefused ? 'access grant already expired (API refuses: 422)' : 'POST /api/staff/access-grants',
      );
      const row = await this.db
        .insertInto('access_grants')
        .values({ contact_id: contact.id, user_group_id: group.id, level, expires_at: expiresAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      expectStatus(res, 201, `grant ${level} on ${group.name} to ${contact.name}`);
      id = res.json().id;
    }
    const grant: Grant = { id, contactId: contact.id, userGroupId: group.id, level, expiresAt };
    this.world.grants.push(grant);
    return grant;
  }

  async deleteGrant(grant: Grant) {
    const res = await this.staff.delete(`/api/staff/access-grants/${grant.id}`);
    if (routeMissing(res)) {
      noteDirect('DELETE /api/staff/access-grants/{id}');
      await this.db.deleteFrom('access_grants').where('id', '=', grant.id).execute();
    } else expect([204]).toContain(res.statusCode);
    this.world.grants = this.world.grants.filter((g) => g.id !== grant.id);
  }

  /** write → read (or back): PATCH when the API has it, else delete and grant again through the API. */
  async changeGrantLevel(grant: Grant, level: Level): Promise<Grant> {
    const res = await this.staff.patch(`/api/staff/access-grants/${grant.id}`, { level });
    if (!routeMissing(res)) {
      expectStatus(res, 200, 'change grant level');
      grant.level = level;
      return grant;
    }
    noteDirect('PATCH /api/staff/access-grants/{id} (done as delete + create)');
    await this.deleteGrant(grant);
    const contact = this.model.contact(grant.contactId);
    return this.grant(contact, this.model.group(grant.userGroupId), level, grant.expiresAt);
  }

  // ---- module visibility ----

  async restrictModule(module: Module, groups: UserGroup[]) {
    const allowedGroupIds = groups.map((g) => g.id);
    const res = await this.staff.put(`/api/staff/modules/${module}`, { allowedGroupIds });
    if (routeMissing(res)) {
      noteDirect('PUT /api/staff/modules/{module}');
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('module_allowed_groups').where('module', '=', module).execute();
        if (allowedGroupIds.length)
          await trx
            .insertInto('module_allowed_groups')
            .values(allowedGroupIds.map((user_group_id) => ({ module, user_group_id })))
            .execute();
      });
    } else expect([200, 204]).toContain(res.statusCode);
    this.world.moduleAllowedGroups[module] = allowedGroupIds;
  }

  // ---- tickets ----

  async ticket(
    requester: Contact,
    options: { subject?: string; private?: boolean; status?: TicketStatus } = {},
  ): Promise<Ticket> {
    const res = await this.staff.post('/api/staff/tickets', {
      subject: options.subject ?? `Ticket of ${requester.name}`,
      requesterId: requester.id,
      ...(options.private !== undefined ? { private: options.private } : {}),
      ...(options.status ? { status: options.status } : {}),
    });
    expectStatus(res, 201, `create ticket for ${requester.name}`);
    const json = res.json();
    const ticket: Ticket = {
      id: json.id,
      requesterId: requester.id,
      organizationId: json.organization.id,
      private: options.private ?? false,
      status: options.status ?? 'open',
    };
    expect(ticket.organizationId).toBe(requester.organizationId); // "organization comes from the requester"
    this.world.tickets.push(ticket);
    return ticket;
  }

  // ---- participants (§6a) ----

  /**
   * Adds the contact as a participant of the ticket through the staff API. Staff may add only
   * enabled contacts: a disabled one (which the model lets take part, and see nothing) is written
   * directly.
   */
  async participant(ticket: Ticket, contact: Contact): Promise<void> {
    const res = await this.staff.post(`/api/staff/tickets/${ticket.id}/participants`, {
      contactId: contact.id,
    });
    if (res.statusCode === 422 && contact.disabled) {
      noteDirect('participant disabled (API refuses: 422)');
      await this.db
        .insertInto('ticket_participants')
        .values({ ticket_id: ticket.id, contact_id: contact.id })
        .execute();
    } else expectStatus(res, 201, `participant ${contact.name} on a ticket of ${ticket.requesterId}`);
    this.addedParticipant(ticket, contact);
  }

  /** Records in the model a participant added some other way (the portal's route). */
  addedParticipant(ticket: Ticket, contact: Contact): void {
    (this.world.participants ??= []).push({ ticketId: ticket.id, contactId: contact.id });
  }

  /** Records in the model a participant removed. */
  removedParticipant(ticketId: string, contactId: string): void {
    this.world.participants = (this.world.participants ?? []).filter(
      (p) => !(p.ticketId === ticketId && p.contactId === contactId),
    );
  }
}

/**
 * Global permission state another world could have left behind: module restrictions, always-groups
 * and grants. Called at the start of every generated world in a shared database.
 */
export async function resetGlobalPermissionState(b: WorldBuilder) {
  const db = b.db;
  const restricted = await db.selectFrom('module_allowed_groups').select('module').distinct().execute();
  for (const { module } of restricted) {
    const res = await b.staff.put(`/api/staff/modules/${module}`, { allowedGroupIds: [] });
    if (routeMissing(res)) {
      noteDirect('PUT /api/staff/modules/{module}');
      await db.deleteFrom('module_allowed_groups').where('module', '=', module).execute();
    } else expect([200, 204]).toContain(res.statusCode);
  }
  const grants = await db.selectFrom('access_grants').select('id').execute();
  for (const g of grants) {
    const res = await b.staff.delete(`/api/staff/access-grants/${g.id}`);
    if (routeMissing(res)) {
      noteDirect('DELETE /api/staff/access-grants/{id}');
      await db.deleteFrom('access_grants').where('id', '=', g.id).execute();
    } else expect([204]).toContain(res.statusCode);
  }
  const always = await db.selectFrom('user_groups').select('id').where('always', '=', true).execute();
  for (const g of always) await b.deleteUserGroup(g.id);
  // Sanity: nothing global is left.
  const left = await db
    .selectFrom('module_allowed_groups')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  expect(left.n).toBe(0);
}

/** Every page of GET /api/portal/tickets with these query parameters, `limit` at a time. */
export async function listPages(
  client: TestClient,
  query: Record<string, string>,
  limit: number,
): Promise<{ status: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const params = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await client.get(`/api/portal/tickets?${params.toString()}`);
    if (res.statusCode !== 200) return { status: res.statusCode, ids };
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    if (!cursor) return { status: 200, ids };
  }
  throw new Error('ticket list did not end');
}

/** Every page of a portal ticket list: the ids, or the refusal status. */
export async function listAll(
  client: TestClient,
  view: string,
  status: string,
  /** Small pages through GET /api/portal/tickets/search for these words instead of the list. */
  search?: string,
): Promise<{ status: number; ids: string[]; items: Record<string, unknown>[] }> {
  const ids: string[] = [];
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const url: string =
      (search === undefined
        ? `/api/portal/tickets?view=${view}&status=${status}&limit=100`
        : `/api/portal/tickets/search?q=${encodeURIComponent(search)}&view=${view}&status=${status}&limit=3`) +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
    const res = await client.get(url);
    if (res.statusCode !== 200) return { status: res.statusCode, ids, items };
    const body = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    for (const item of body.items) {
      ids.push(item.id as string);
      items.push(item);
    }
    cursor = body.nextCursor;
    if (!cursor) return { status: 200, ids, items };
  }
  throw new Error('ticket list did not end');
}
