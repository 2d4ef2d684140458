import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../http/errors.ts';
import { pageOf, PageQuery } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { listGroupMembers } from './members.ts';
import {
  addGroupContact,
  prepareGroupEmail,
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

const ADMIN = { policy: { audience: 'staff' as const, adminOnly: true } };
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
    { config: ADMIN, schema: { tags, params: GroupContactParams } },
    async (request, reply) => {
      const { id, contactId } = request.params;
      await runChange(app, request, (ctx) => addGroupContact(ctx, id, contactId));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/staff/user-groups/:id/contacts/:contactId',
    { config: ADMIN, schema: { tags, params: GroupContactParams } },
    async (request, reply) => {
      const { id, contactId } = request.params;
      await runChange(app, request, (ctx) => removeGroupContact(ctx, id, contactId));
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/staff/user-groups/:id/organizations/:organizationId',
    { config: ADMIN, schema: { tags, params: GroupOrganizationParams, body: GroupOrganizationBody } },
    async (request, reply) => {
      const { id, organizationId } = request.params;
      const { includeSubOrganizations } = request.body;
      await runChange(app, request, (ctx) =>
        setGroupOrganization(ctx, id, organizationId, includeSubOrganizations),
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/staff/user-groups/:id/organizations/:organizationId',
    { config: ADMIN, schema: { tags, params: GroupOrganizationParams } },
    async (request, reply) => {
      const { id, organizationId } = request.params;
      await runChange(app, request, (ctx) => removeGroupOrganization(ctx, id, organizationId));
      return reply.status(204).send();
    },
  );

  // Web+Center's "e-mail a category": one message per enabled member, resolved in SQL.
  app.post(
    '/api/staff/user-groups/:id/email',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: GroupEmailBody, response: { 202: GroupEmailOut } },
    },
    async (request, reply) => {
      const { subject, text } = request.body;
      const recipients = await runChange(app, request, (ctx) =>
        prepareGroupEmail(ctx, request.params.id, { subject }),
      );
      for (const contact of recipients) {
        await app.mailer
          .send({ to: contact.email, subject, text })
          .catch((err: unknown) => request.log.error({ err, contactId: contact.id }, 'group e-mail failed'));
      }
      return reply.status(202).send({ recipients: recipients.length });
    },
  );
};

export default memberRoutes;
