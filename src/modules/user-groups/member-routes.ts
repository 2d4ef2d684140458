import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { pageOf, PageQuery } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { noContentSave } from '../access/config-routes.ts';
import { withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { listGroupMembers } from './members.ts';
import {
  addGroupContact,
  queueGroupEmail,
  removeGroupContact,
  removeGroupOrganization,
  setGroupOrganization,
} from './member-service.ts';
import {
  GroupContactParams,
  GroupEmailBody,
  GroupEmailOut,
  GroupMemberOut,
  GroupOrganizationBody,
  GroupOrganizationParams,
} from './schema.ts';
import { ADMIN } from '../../http/route-policy.ts';

const tags = ['user-groups'];

/** A group's members (with reasons), fine-grained membership changes and e-mail to the members. */
const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/user-groups/:id/members',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: pageOf(GroupMemberOut) } },
    },
    async (request) => {
      const group = await app.db
        .selectFrom('user_groups')
        .select(['id', 'always'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!group) throw notFound('User group');
      return listGroupMembers(app.db, group, request.query);
    },
  );

  app.put(
    '/api/staff/user-groups/:id/contacts/:contactId',
    { config: ADMIN, schema: { tags, params: GroupContactParams, ...withDryRun.noContent } },
    async (request, reply) => {
      const { id, contactId } = request.params;
      const save = (ctx: ChangeContext) => addGroupContact(ctx, id, contactId);
      return noContentSave(app, request, reply, save, () => ({
        kind: 'add_member',
        userGroupId: id,
        contactId,
      }));
    },
  );

  app.delete(
    '/api/staff/user-groups/:id/contacts/:contactId',
    { config: ADMIN, schema: { tags, params: GroupContactParams, ...withDryRun.noContent } },
    async (request, reply) => {
      const { id, contactId } = request.params;
      const save = (ctx: ChangeContext) => removeGroupContact(ctx, id, contactId);
      return noContentSave(app, request, reply, save, () => ({
        kind: 'remove_member',
        userGroupId: id,
        contactId,
      }));
    },
  );

  app.put(
    '/api/staff/user-groups/:id/organizations/:organizationId',
    {
      config: ADMIN,
      schema: { tags, params: GroupOrganizationParams, body: GroupOrganizationBody, ...withDryRun.noContent },
    },
    async (request, reply) => {
      const { id, organizationId } = request.params;
      const { includeSubOrganizations } = request.body;
      const save = (ctx: ChangeContext) =>
        setGroupOrganization(ctx, id, organizationId, includeSubOrganizations);
      return noContentSave(app, request, reply, save, () => ({
        kind: 'add_group_organization',
        userGroupId: id,
        organizationId,
        includeSubOrganizations,
      }));
    },
  );

  app.delete(
    '/api/staff/user-groups/:id/organizations/:organizationId',
    { config: ADMIN, schema: { tags, params: GroupOrganizationParams, ...withDryRun.noContent } },
    async (request, reply) => {
      const { id, organizationId } = request.params;
      const save = (ctx: ChangeContext) => removeGroupOrganization(ctx, id, organizationId);
      return noContentSave(app, request, reply, save, () => ({
        kind: 'remove_group_organization',
        userGroupId: id,
        organizationId,
      }));
    },
  );

  // Web+Center's "e-mail a category": queued as one batch that the worker expands into a message
  // per enabled member; the answer comes at once, the progress from GET /api/staff/mail/batches/:batchId.
  app.post(
    '/api/staff/user-groups/:id/email',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: GroupEmailBody, response: { 202: GroupEmailOut } },
    },
    async (request, reply) => {
      const result = await runChange(app, request, (ctx) =>
        queueGroupEmail(ctx, request.params.id, request.body),
      );
      app.mailWorker.wake();
      return reply.status(202).send(result);
    },
  );
};

export default memberRoutes;
