import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { found } from '../shared/record-routes.ts';
import { IdParams } from '../../http/schema-types.ts';
import { configRoutes } from '../access/config-routes.ts';
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
  configRoutes(app, {
    path: '/api/staff/user-groups',
    tags,
    policy: ADMIN,
    noun: 'User group',
    out: UserGroupOut,
    list: { query: UserGroupListQuery, read: (db, { q, ...page }) => listUserGroups(db, { q }, page) },
    get: loadUserGroup,
    create: { body: UserGroupCreate, write: createUserGroup },
    update: {
      body: UserGroupUpdate,
      write: updateUserGroup,
      dryRun: (id, body) => (trx) => groupUpdateChange(trx, id, body),
    },
    remove: { write: deleteUserGroup },
  });

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
      const contact = found(await findContactBrief(app.db, request.params.id), 'Contact');
      return { items: await groupsOfContact(app.db, contact) };
    },
  );

  await app.register(memberRoutes);
};

export default userGroupsRoutes;
