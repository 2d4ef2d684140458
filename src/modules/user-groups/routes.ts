import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { groupUpdateChange } from './access-change.ts';
import memberRoutes from './member-routes.ts';
import { groupsOfContact, previewRule } from './members.ts';
import { findContactBrief, listUserGroups, loadUserGroup } from './repo.ts';
import {
  ContactGroupsOut,
  RulePreviewBody,
  RulePreviewOut,
  UserGroupCreate,
  UserGroupListQuery,
  UserGroupOut,
  UserGroupUpdate,
} from './schema.ts';
import { createUserGroup, deleteUserGroup, updateUserGroup } from './service.ts';
import { ADMIN } from '../../http/route-policy.ts';

const tags = ['user-groups'];

const userGroupsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/user-groups',
    {
      config: ADMIN,
      schema: { tags, querystring: UserGroupListQuery, response: { 200: pageOf(UserGroupOut) } },
    },
    async (request) => {
      const { q, ...page } = request.query;
      return listUserGroups(app.db, { q }, page);
    },
  );

  app.get(
    '/api/staff/user-groups/:id',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: UserGroupOut } } },
    async (request) => {
      const group = await loadUserGroup(app.db, request.params.id);
      if (!group) throw notFound('User group');
      return group;
    },
  );

  app.post(
    '/api/staff/user-groups',
    { config: ADMIN, schema: { tags, body: UserGroupCreate, response: { 201: UserGroupOut } } },
    async (request, reply) => {
      const group = await runChange(app, request, (ctx) => createUserGroup(ctx, request.body));
      return reply.status(201).send(group);
    },
  );

  app.patch(
    '/api/staff/user-groups/:id',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: UserGroupUpdate, ...withDryRun.ok(UserGroupOut) },
    },
    async (request) => {
      const { id } = request.params;
      const save = (ctx: ChangeContext) => updateUserGroup(ctx, id, request.body);
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, (trx) => groupUpdateChange(trx, id, request.body));
      return runChange(app, request, save);
    },
  );

  app.delete(
    '/api/staff/user-groups/:id',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteUserGroup(ctx, request.params.id));
      return reply.status(204).send();
    },
  );

  // The rule editor's live "matches N contacts", evaluated by the same SQL function as membership.
  app.post(
    '/api/staff/user-groups/rule-preview',
    { config: ADMIN, schema: { tags, body: RulePreviewBody, response: { 200: RulePreviewOut } } },
    async (request) => previewRule(app.db, request.body.rule),
  );

  app.get(
    '/api/staff/contacts/:id/groups',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: ContactGroupsOut } } },
    async (request) => {
      const contact = await findContactBrief(app.db, request.params.id);
      if (!contact) throw notFound('Contact');
      return { items: await groupsOfContact(app.db, contact) };
    },
  );

  await app.register(memberRoutes);
};

export default userGroupsRoutes;
