import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN } from '../../http/route-policy.ts';
import { conflict } from '../../errors.ts';
import { defaultBackupName, dumpEmbedded } from '../../db/backup.ts';
import { BACKUP_PATH } from '../../db/backup-remote.ts';
import { runChange, audit } from '../audit/change.ts';

/**
 * A consistent dump of the embedded database while the server runs (`portico backup` calls it
 * when a server holds the data directory). Administrators only: it holds every row, password
 * hashes included. POST, since it is an operation (a checkpoint and an audit row), not a read.
 * Hidden from the OpenAPI document: an operator's tool, not part of the UI's contract.
 */
const backupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(BACKUP_PATH, { config: ADMIN, schema: { hide: true } }, async (request, reply) => {
    if (app.database.engine !== 'pglite')
      throw conflict('This server runs on PostgreSQL: back it up with pg_dump (docs/operations.md).');
    // Recorded before the dump, so the backup itself shows who took it.
    await runChange(app, request, (ctx) => audit(ctx, { action: 'backup.create', entityType: 'database' }));
    const dump = await dumpEmbedded(app.database);
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${defaultBackupName('pglite')}"`)
      .header('content-length', dump.size)
      .header('cache-control', 'no-store')
      .send(dump.stream());
  });
};

export default backupRoutes;
