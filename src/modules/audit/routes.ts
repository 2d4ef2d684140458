import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.ts';
import { newestFirstPage, pageOf } from '../../http/pagination.ts';
import { AuditEntryOut, AuditListQuery } from './schema.ts';
import { ADMIN } from '../../http/route-policy.ts';
import { wireRow } from '../shared/wire-names.ts';

const tags = ['audit'];

const toAuditEntryOut = (row: Selectable<AuditLogTable>): AuditEntryOut => ({
  ...wireRow(row),
  before: row.before ?? null,
  after: row.after ?? null,
});

/** The audit log, newest first (ids are time-ordered UUIDv7). */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/audit',
    {
      config: ADMIN,
      schema: { tags, querystring: AuditListQuery, response: { 200: pageOf(AuditEntryOut) } },
    },
    async (request) => {
      const { entityType, entityId, actorId, action, ...page } = request.query;
      let query = app.db.selectFrom('audit_log').selectAll();
      if (entityType) query = query.where('entity_type', '=', entityType);
      if (entityId) query = query.where('entity_id', '=', entityId);
      if (actorId) query = query.where('actor_id', '=', actorId);
      if (action) query = query.where('action', '=', action);
      return newestFirstPage(query, page, toAuditEntryOut, { unchecked: true });
    },
  );
};

export default auditRoutes;
