import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRIVILEGE_NAMES, PRIVILEGES } from '../../authz/privileges.ts';
import { PageQuery } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { configRoutes } from '../access/config-routes.ts';
import { runChange } from '../audit/change.ts';
import { findPrivilegeGroup, listPrivilegeGroups, toPrivilegeGroupOut } from './repo.ts';
import {
  PrivilegeGroupCopy,
  PrivilegeGroupCreate,
  PrivilegeGroupOut,
  PrivilegeGroupUpdate,
  PrivilegeOut,
} from './schema.ts';
import {
  copyPrivilegeGroup,
  createPrivilegeGroup,
  deletePrivilegeGroup,
  makeDefaultPrivilegeGroup,
  updatePrivilegeGroup,
} from './service.ts';
import { ADMIN } from '../../http/route-policy.ts';

const tags = ['privilege-groups'];

const privilegeGroupsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/privileges',
    {
      config: ADMIN,
      schema: { tags, response: { 200: z.object({ items: z.array(PrivilegeOut) }) } },
    },
    async () => ({ items: PRIVILEGE_NAMES.map((name) => ({ name, description: PRIVILEGES[name] })) }),
  );

  configRoutes(app, {
    path: '/api/staff/privilege-groups',
    tags,
    policy: ADMIN,
    noun: 'Privilege group',
    out: PrivilegeGroupOut,
    list: { query: PageQuery, read: listPrivilegeGroups },
    get: async (db, id) => {
      const row = await findPrivilegeGroup(db, id);
      return row && toPrivilegeGroupOut(row);
    },
    create: { body: PrivilegeGroupCreate, write: createPrivilegeGroup },
    update: {
      body: PrivilegeGroupUpdate,
      write: updatePrivilegeGroup,
      // Name and description change no access: the preview is of the privileges, scopes and level
      // given (none given: a preview with nothing counted).
      dryRun: (id, { privileges, ticketScope, recordScope, scopeLevel }) => ({
        kind: 'update_privilege_group',
        privilegeGroupId: id,
        privileges,
        ticketScope,
        recordScope,
        scopeLevel,
      }),
    },
    remove: { write: deletePrivilegeGroup },
  });

  app.post(
    '/api/staff/privilege-groups/:id/copy',
    {
      config: ADMIN,
      schema: {
        tags,
        params: IdParams,
        body: PrivilegeGroupCopy.nullish(),
        response: { 201: PrivilegeGroupOut },
      },
    },
    async (request, reply) => {
      const name = request.body?.name;
      const group = await runChange(app, request, (ctx) => copyPrivilegeGroup(ctx, request.params.id, name));
      return reply.status(201).send(group);
    },
  );

  app.post(
    '/api/staff/privilege-groups/:id/make-default',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: PrivilegeGroupOut } } },
    async (request) => runChange(app, request, (ctx) => makeDefaultPrivilegeGroup(ctx, request.params.id)),
  );
};

export default privilegeGroupsRoutes;
