import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { STAFF } from '../../http/route-policy.ts';
import { configRoutes } from '../access/config-routes.ts';
import { findOrganization, listOrganizations, toOrganizationOut } from './repo.ts';
import { OrganizationCreate, OrganizationListQuery, OrganizationOut, OrganizationUpdate } from './schema.ts';
import { createOrganization, deleteOrganization, updateOrganization } from './service.ts';

const organizationsRoutes: FastifyPluginAsyncZod = async (app) => {
  configRoutes(app, {
    path: '/api/staff/organizations',
    tags: ['organizations'],
    policy: STAFF,
    noun: 'Organization',
    out: OrganizationOut,
    list: {
      query: OrganizationListQuery,
      read: (db, { q, parentId, roots, ...page }) =>
        listOrganizations(db, { q, parentId, roots: roots === 'true' }, page),
    },
    get: async (db, id) => {
      const row = await findOrganization(db, id);
      return row && toOrganizationOut(row);
    },
    create: { body: OrganizationCreate, write: createOrganization },
    update: {
      body: OrganizationUpdate,
      write: updateOrganization,
      // A new parent is `move_organization`; a new name changes no access (a preview with nothing
      // counted). Agents may move organizations, so they may dry-run it too.
      dryRun: (id, { parentId }) =>
        parentId === undefined ? null : { kind: 'move_organization', organizationId: id, parentId },
    },
    remove: { write: deleteOrganization },
  });
};

export default organizationsRoutes;
