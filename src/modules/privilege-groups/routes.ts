import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRIVILEGE_NAMES, PRIVILEGES } from '../../authz/privileges.ts';
import { notFound } from '../../errors.ts';
import { pageOf, PageQuery } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
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

  app.get(
    '/api/staff/privilege-groups',
    { config: ADMIN, schema: { tags, querystring: PageQuery, response: { 200: pageOf(PrivilegeGroupOut) } } },
    async (request) => listPrivilegeGroups(app.db, request.query),
  );

  app.get(
    '/api/staff/privilege-groups/:id',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: PrivilegeGroupOut } } },
    async (request) => {
      const row = await findPrivilegeGroup(app.db, request.params.id);
      if (!row) throw notFound('Privilege group');
      return toPrivilegeGroupOut(row);
    },
  );

  app.post(
    '/api/staff/privilege-groups',
    { config: ADMIN, schema: { tags, body: PrivilegeGroupCreate, response: { 201: PrivilegeGroupOut } } },
    async (request, reply) => {
      const group = await runChange(app, request, (ctx) => createPrivilegeGroup(ctx, request.body));
      return reply.status(201).send(group);
    },
  );

  app.patch(
    '/api/staff/privilege-groups/:id',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: PrivilegeGroupUpdate, ...withDryRun.ok(PrivilegeGroupOut) },
    },
    async (request) => {
      const { id } = request.params;
      const save = (ctx: ChangeContext) => updatePrivilegeGroup(ctx, id, request.body);
      if (!isDryRun(request.query)) return runChange(app, request, save);
      // Name and description change no access: the preview is of the privileges, scopes and level
      // given (none given: a preview with nothing counted).
      const { privileges, ticketScope, recordScope, scopeLevel } = request.body;
      return dryRunSave(app, request, save, {
        kind: 'update_privilege_group',
        privilegeGroupId: id,
        privileges,
        ticketScope,
        recordScope,
        scopeLevel,
      });
    },
  );

  app.delete(
    '/api/staff/privilege-groups/:id',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deletePrivilegeGroup(ctx, request.params.id));
      return reply.status(204).send();
    },
  );

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
