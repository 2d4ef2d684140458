import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { sendCsv } from '../csv/send.ts';
import { wireRow } from '../shared/wire-names.ts';
import { ADMIN } from '../../http/route-policy.ts';
import { newestFirstPage, pageOf } from '../../http/pagination.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { auditCsv } from './export.ts';
import { filterAudit } from './filter.ts';
import { AuditEntryOut, AuditFilterQuery, AuditListQuery } from './schema.ts';

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
      schema: {
        tags,
        description:
          'Newest first, keyset-paged. Filters by entity, actor, action and a time range; sign-ins ' +
          '(and failed ones) only with `signIns=true` or when `action` names one.',
        querystring: AuditListQuery,
        response: { 200: pageOf(AuditEntryOut) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const query = filterAudit(app.db.selectFrom('audit_log').selectAll(), filter);
      return newestFirstPage(query, { cursor, limit }, toAuditEntryOut, { unchecked: true });
    },
  );

  app.get(
    '/api/staff/audit/export.csv',
    {
      config: ADMIN,
      schema: {
        tags,
        description:
          'The whole log with the same filters as the list, newest first, as CSV (streamed). ' +
          '`changes` gives each changed field as "field: old → new"; `before` and `after` the JSON.',
        querystring: AuditFilterQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => sendCsv(reply, 'audit-log', auditCsv(app.db, request.query)),
  );
};

export default auditRoutes;
