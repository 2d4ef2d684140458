import type { FastifyRequest } from 'fastify';
import type { ApiTokenScope } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * What an API token's scopes let it do, on top of (never beyond) what its owner may do:
 *
 * - every scope reads what the owner may read (GET, HEAD), except administrators' routes;
 * - tickets, contacts, permissions: every request under their paths as well (the owner's role
 *   still decides: an agent's permissions token cannot do what the agent cannot);
 * - any token may revoke API tokens (that only takes rights away);
 * - admin: everything the owner may do, administrators' routes included.
 */
const WRITE_AREAS: Record<Exclude<ApiTokenScope, 'read' | 'admin'>, readonly string[]> = {
  tickets: ['/api/staff/tickets', '/api/staff/attachments', '/api/staff/ticket-emails'],
  contacts: ['/api/staff/contacts', '/api/staff/organizations'],
  permissions: [
    '/api/staff/privilege-groups',
    '/api/staff/user-groups',
    '/api/staff/access-grants',
    '/api/staff/modules',
    '/api/staff/access',
  ],
};

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const underAny = (url: string, prefixes: readonly string[]) =>
  prefixes.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));

export function tokenMay(
  scopes: readonly ApiTokenScope[],
  method: string,
  routeUrl: string,
  adminOnly: boolean,
): boolean {
  if (scopes.includes('admin')) return true;
  // Revoking only takes rights away: any token may revoke (itself, or another of its owner's).
  if (method === 'DELETE' && routeUrl === '/api/staff/api-tokens/:id') return true;
  const inArea = scopes.some((s) => s !== 'read' && s !== 'admin' && underAny(routeUrl, WRITE_AREAS[s]));
  if (inArea) return true;
  if (adminOnly) return false;
  return READS.has(method) && scopes.length > 0;
}

/** 403 for a token's request outside its scopes. */
export function assertTokenScope(
  request: FastifyRequest,
  scopes: readonly ApiTokenScope[],
  policy: { adminOnly?: boolean },
): void {
  const url = request.routeOptions.url ?? request.url;
  if (!tokenMay(scopes, request.method, url, policy.adminOnly === true))
    throw new AppError(
      'forbidden',
      `This API token's scopes (${scopes.join(', ')}) do not allow this request.`,
    );
}
