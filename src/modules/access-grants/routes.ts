import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN } from '../../http/route-policy.ts';
import { configRoutes } from '../access/config-routes.ts';
import { listAccessGrants, loadAccessGrant } from './repo.ts';
import { AccessGrantCreate, AccessGrantListQuery, AccessGrantOut, AccessGrantUpdate } from './schema.ts';
import { createAccessGrant, deleteAccessGrant, updateAccessGrant } from './service.ts';

const accessGrantsRoutes: FastifyPluginAsyncZod = async (app) => {
  configRoutes(app, {
    path: '/api/staff/access-grants',
    tags: ['access-grants'],
    policy: ADMIN,
    noun: 'Access grant',
    out: AccessGrantOut,
    list: {
      query: AccessGrantListQuery,
      read: (db, { contactId, userGroupId, ...page }) =>
        listAccessGrants(db, { contactId, userGroupId }, page),
    },
    get: loadAccessGrant,
    create: {
      body: AccessGrantCreate,
      write: createAccessGrant,
      dryRun: (body) => ({ kind: 'add_grant', ...body }),
    },
    update: {
      body: AccessGrantUpdate,
      write: updateAccessGrant,
      dryRun: (grantId, body) => ({ kind: 'update_grant', grantId, ...body }),
    },
    remove: { write: deleteAccessGrant, dryRun: (grantId) => ({ kind: 'remove_grant', grantId }) },
  });
};

export default accessGrantsRoutes;
