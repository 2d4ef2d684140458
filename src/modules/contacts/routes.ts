import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Transaction } from 'kysely';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import type { AccessChange } from '../../authz/preview.ts';
import type { DB } from '../../db/schema.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { changedField, dryRunSave, isDryRun, oneChange, withDryRun } from '../access/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { recordAudit } from '../audit/record.ts';
import { findOrganization } from '../organizations/repo.ts';
import contactAccountRoutes from './account.ts';
import {
  contactEmailTaken,
  contactHasTickets,
  defaultPrivilegeGroupId,
  findContact,
  listContacts,
  privilegeGroupExists,
  toContactOut,
} from './repo.ts';
import { ContactCreate, ContactListQuery, ContactOut, ContactUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['contacts'];

const emailTaken = () => conflict('A contact with this e-mail address already exists.');

/**
 * What a PATCH of a contact previews as (?dryRun=true), read before the save: a new organization
 * is `move_contact`, a new privilege group `set_privilege_group`; name and phone change no access
 * and are left out. The fields user-group rules test (email, title, department, attributes) and
 * the disabled flag change access in ways no preview kind expresses, so when they differ from the
 * stored values the dry run is refused (422 naming the field), as is a change of both the
 * organization and the privilege group (one preview answers for one change).
 */
async function contactUpdateChange(
  trx: Transaction<DB>,
  id: string,
  input: ContactUpdate,
): Promise<AccessChange | null> {
  const before = await findContact(trx, id);
  if (!before) throw notFound('Contact');
  const organizationId = input.organizationId ?? before.organization_id;
  const privilegeGroupId = input.privilegeGroupId ?? before.privilege_group_id;
  return oneChange([
    ...changedField('body.organizationId', input.organizationId, before.organization_id, {
      kind: 'move_contact',
      contactId: id,
      organizationId,
    }),
    ...changedField('body.privilegeGroupId', input.privilegeGroupId, before.privilege_group_id, {
      kind: 'set_privilege_group',
      contactId: id,
      privilegeGroupId,
    }),
    ...changedField('body.email', input.email, before.email, null),
    ...changedField('body.title', input.title, before.title, null),
    ...changedField('body.department', input.department, before.department, null),
    ...changedField('body.attributes', input.attributes, before.attributes, null),
    ...changedField('body.disabled', input.disabled, before.disabled, null),
  ]);
}

const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/contacts',
    {
      config: STAFF,
      schema: { tags, querystring: ContactListQuery, response: { 200: pageOf(ContactOut) } },
    },
    async (request) => {
      const { q, organizationId, privilegeGroupId, disabled, ...page } = request.query;
      const filter = {
        q,
        organizationId,
        privilegeGroupId,
        disabled: disabled === undefined ? undefined : disabled === 'true',
      };
      return listContacts(app.db, filter, page);
    },
  );

  app.get(
    '/api/staff/contacts/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: ContactOut } } },
    async (request) => {
      const row = await findContact(app.db, request.params.id);
      if (!row) throw notFound('Contact');
      return toContactOut(row);
    },
  );

  app.post(
    '/api/staff/contacts',
    { config: STAFF, schema: { tags, body: ContactCreate, response: { 201: ContactOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        if (!(await findOrganization(trx, body.organizationId)))
          throw invalid('body.organizationId', 'no such organization');
        let groupId = body.privilegeGroupId;
        if (groupId !== undefined) {
          if (!(await privilegeGroupExists(trx, groupId)))
            throw invalid('body.privilegeGroupId', 'no such privilege group');
        } else {
          groupId = await defaultPrivilegeGroupId(trx);
          if (!groupId) throw conflict('No privilege group is marked as the default; choose one.');
        }
        if (await contactEmailTaken(trx, body.email)) throw emailTaken();
        const created = await trx
          .insertInto('contacts')
          .values({
            name: body.name,
            email: body.email,
            phone: body.phone ?? '',
            title: body.title ?? '',
            department: body.department ?? '',
            attributes: JSON.stringify(body.attributes ?? {}),
            organization_id: body.organizationId,
            privilege_group_id: groupId,
            disabled: body.disabled ?? false,
            password_hash: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'contact', entityId: created.id, after: toContactOut(created) },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toContactOut(row));
    },
  );

  app.patch(
    '/api/staff/contacts/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: ContactUpdate, ...withDryRun.ok(ContactOut) },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const save = async ({ trx, staff, ip }: ChangeContext) => {
        const before = await findContact(trx, id);
        if (!before) throw notFound('Contact');
        if (body.organizationId !== undefined && !(await findOrganization(trx, body.organizationId)))
          throw invalid('body.organizationId', 'no such organization');
        if (body.privilegeGroupId !== undefined && !(await privilegeGroupExists(trx, body.privilegeGroupId)))
          throw invalid('body.privilegeGroupId', 'no such privilege group');
        if (body.email !== undefined && (await contactEmailTaken(trx, body.email, id))) throw emailTaken();
        const updated = await trx
          .updateTable('contacts')
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.email !== undefined ? { email: body.email } : {}),
            ...(body.phone !== undefined ? { phone: body.phone } : {}),
            ...(body.title !== undefined ? { title: body.title } : {}),
            ...(body.department !== undefined ? { department: body.department } : {}),
            ...(body.attributes !== undefined ? { attributes: JSON.stringify(body.attributes) } : {}),
            ...(body.organizationId !== undefined ? { organization_id: body.organizationId } : {}),
            ...(body.privilegeGroupId !== undefined ? { privilege_group_id: body.privilegeGroupId } : {}),
            ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // A disabled contact is signed out everywhere, in the same transaction.
        if (body.disabled === true) await deleteSessionsOf(trx, { contactId: id });
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'contact',
            entityId: id,
            before: toContactOut(before),
            after: toContactOut(updated),
          },
          ip,
        );
        return updated;
      };
      // Agents may edit contacts, so they may dry-run these saves too (the same policy as the save).
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, (trx) => contactUpdateChange(trx, id, body));
      return toContactOut(await runChange(app, request, save));
    },
  );

  app.delete(
    '/api/staff/contacts/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findContact(trx, request.params.id);
        if (!before) throw notFound('Contact');
        // tickets.requester_id is ON DELETE RESTRICT; the check gives a clearer message than the FK.
        if (await contactHasTickets(trx, before.id))
          throw conflict(
            'The contact is the requester of tickets and cannot be deleted; disable it instead.',
          );
        await trx.deleteFrom('contacts').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'contact', entityId: before.id, before: toContactOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );

  await app.register(contactAccountRoutes);
};

export default contactsRoutes;
