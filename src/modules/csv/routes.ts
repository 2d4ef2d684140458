import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { Id } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { contactAttributeKeys, contactsCsv, organizationsCsv, type ExportFilter } from './export.ts';
import { parseCsvFile, readCsvBody } from './import-input.ts';
import { sendCsv } from './send.ts';
import { importContactsCsv, importOrganizationsCsv, type CsvFile } from './import-service.ts';
import { DryRunQuery, isDryRun } from '../access/preview/dry-run.ts';
import { PreviewOut } from '../access/schema.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['csv'];

const OrganizationExportQuery = z.strictObject({ organizationId: Id.optional() });
const ContactExportQuery = z.strictObject({ organizationId: Id.optional(), privilegeGroupId: Id.optional() });
const ImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
const ContactImportResult = ImportResult.extend({
  dryRun: z.boolean().describe('true: nothing was saved; the numbers say what the import would do.'),
  access: PreviewOut.describe(
    'Who gains and loses which tickets (read and write), records and capabilities: the preview of the whole import.',
  ),
});

/** A filter id that names nothing is 422 with its path, before the download starts. */
async function checkFilter(db: Kysely<DB>, filter: ExportFilter): Promise<void> {
  const named = async (table: 'organizations' | 'privilege_groups', id: string | undefined) =>
    !id || !!(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  if (!(await named('organizations', filter.organizationId)))
    throw invalid('querystring.organizationId', 'no such organization');
  if (!(await named('privilege_groups', filter.privilegeGroupId)))
    throw invalid('querystring.privilegeGroupId', 'no such privilege group');
}

const csvRoutes: FastifyPluginAsyncZod = async (app) => {
  // text/csv bodies for the imports (this plugin only), up to the upload limit.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: app.config.uploadLimitBytes },
    (_request, body, done) => done(null, body),
  );

  /** Reads and parses the body (before the transaction: a malformed file writes nothing). */
  async function readFile(request: FastifyRequest): Promise<CsvFile> {
    const { filename, data } = await readCsvBody(request, app.config.uploadLimitBytes);
    return { filename, ...parseCsvFile(data) };
  }

  app.get(
    '/api/staff/organizations/export.csv',
    { config: STAFF, schema: { tags, querystring: OrganizationExportQuery, produces: ['text/csv'] } },
    async (request, reply) => {
      await checkFilter(app.db, request.query);
      return sendCsv(reply, 'organizations', organizationsCsv(app.db, request.query));
    },
  );

  app.get(
    '/api/staff/contacts/export.csv',
    { config: STAFF, schema: { tags, querystring: ContactExportQuery, produces: ['text/csv'] } },
    async (request, reply) => {
      await checkFilter(app.db, request.query);
      const keys = await contactAttributeKeys(app.db, request.query);
      return sendCsv(reply, 'contacts', contactsCsv(app.db, request.query, keys));
    },
  );

  const consumes = ['multipart/form-data', 'text/csv'];

  // No query fields: an unknown one (a `dryRun` the organization import cannot honour) is 422.
  app.post(
    '/api/staff/organizations/import',
    {
      config: ADMIN,
      schema: { tags, querystring: z.strictObject({}), consumes, response: { 200: ImportResult } },
    },
    async (request) => {
      const file = await readFile(request);
      return runChange(app, request, (ctx) => importOrganizationsCsv(ctx, file));
    },
  );

  // ?dryRun=true: the same import, measured and rolled back (as every access change's dry run).
  app.post(
    '/api/staff/contacts/import',
    {
      config: ADMIN,
      schema: { tags, querystring: DryRunQuery, consumes, response: { 200: ContactImportResult } },
    },
    async (request) => {
      const file = await readFile(request);
      return runChange(app, request, (ctx) => importContactsCsv(ctx, file, isDryRun(request.query)));
    },
  );
};

export default csvRoutes;
