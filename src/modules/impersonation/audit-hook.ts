import type { FastifyInstance } from 'fastify';
import { redactUrl } from '../../http/redact.ts';
import { recordAudit } from '../audit/record.ts';

const READS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Every change attempted while viewing the portal as a contact is audited with both identities.
 * Added to the root instance (modules/routes.ts), so it covers every route. (onSend, not
 * onResponse: the row is written before the answer leaves, so nobody reads a log that is still
 * missing it.)
 */
export function auditImpersonatedRequests(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const contact = request.contact;
    if (!contact?.impersonation || READS.includes(request.method)) return payload;
    await recordAudit(
      app.db,
      contact,
      {
        action: 'impersonated_request',
        entityType: 'portal_request',
        after: { method: request.method, url: redactUrl(request.url), status: reply.statusCode },
      },
      request.ip,
    );
    return payload;
  });
}
