import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  contactForApiToken,
  contactForSessionToken,
  STAFF_ACTOR_COLUMNS,
  toStaffActor,
  type ContactActor,
  type StaffActor,
} from '../authz/actor.ts';
import { MODULE_VIEW_PRIVILEGE, type Module } from '../authz/privileges.ts';
import { hashToken, sameHash } from '../auth/tokens.ts';
import { touchSession } from '../auth/sessions.ts';
import { assertRecentlyAuthenticated } from '../auth/step-up.ts';
import { assertTokenScope } from '../auth/token-scopes.ts';
import { AppError, forbidden } from '../errors.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffActor;
    contact?: ContactActor;
  }
}

export const COOKIES = {
  staff: { session: 'portico_staff', csrf: 'portico_staff_csrf' },
  portal: { session: 'portico_portal', csrf: 'portico_portal_csrf' },
} as const;

/**
 * Over HTTPS the cookies take the `__Host-` prefix: the browser then keeps them only when Secure,
 * for path / and without a Domain, so no sibling subdomain can set or shadow them. A request over
 * HTTPS reads only the prefixed names.
 */
export const HOST_PREFIX = '__Host-';

/** Whether this request's cookies are Secure (and so `__Host-`): COOKIE_SECURE, else HTTPS. */
export function secureCookies(request: FastifyRequest, config: Config): boolean {
  return config.cookieSecure ?? request.protocol === 'https';
}

/** The name of one of the session cookies as this request sets and reads it. */
export function cookieName(
  request: FastifyRequest,
  config: Config,
  kind: keyof typeof COOKIES,
  which: 'session' | 'csrf',
): string {
  return (secureCookies(request, config) ? HOST_PREFIX : '') + COOKIES[kind][which];
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const canUseModule = (contact: ContactActor, module: Module) =>
  contact.modules.has(module) && contact.privileges.has(MODULE_VIEW_PRIVILEGE[module]);

const isSignOut = (request: FastifyRequest) =>
  request.method === 'DELETE' && request.routeOptions.url === '/api/portal/session';

const unauthenticated = () => new AppError('unauthenticated', 'Sign in first.');

/** Cookie-authenticated writes must echo the session's CSRF token and come from our own origin. */
function assertCsrf(request: FastifyRequest, csrfHash: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin) {
    // request.host honours X-Forwarded-Host only with TRUST_PROXY; both sides go through URL so
    // default ports compare equal (example.org:443 = example.org).
    let sameOrigin = false;
    try {
      sameOrigin = new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) throw new AppError('csrf_failed', 'Cross-site request refused.');
  }
  const token = request.headers[CSRF_HEADER];
  if (typeof token !== 'string' || !sameHash(token, csrfHash)) {
    throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header.`);
  }
}

async function staffFromBearer(db: Kysely<DB>, token: string): Promise<StaffActor | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('staff_users', 'staff_users.id', 'api_tokens.staff_user_id')
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', sql<Date>`now()`)]),
    )
    .where('staff_users.disabled', '=', false)
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.last_used_at',
      'api_tokens.scopes',
      ...STAFF_ACTOR_COLUMNS,
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  await touchApiToken(db, row.tokenId, row.last_used_at);
  return toStaffActor(row, { tokenId: row.tokenId, tokenScopes: row.scopes });
}

/** As for sessions: last_used_at is written at most once a minute, not on every call. */
async function touchApiToken(db: Kysely<DB>, tokenId: string, lastUsedAt: Date | null): Promise<void> {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() <= 60_000) return;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', tokenId)
    .execute();
}

/** A contact's personal API token: no cookie, so no CSRF; it only reads (registerAuthentication). */
async function contactFromBearer(db: Kysely<DB>, token: string): Promise<ContactActor | undefined> {
  const found = await contactForApiToken(db, token);
  if (!found) return undefined;
  await touchApiToken(db, found.actor.tokenId ?? '', found.lastUsedAt);
  return found.actor;
}

const bearerOf = (request: FastifyRequest) =>
  /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

async function staffFromCookie(
  db: Kysely<DB>,
  config: Config,
  request: FastifyRequest,
): Promise<StaffActor | undefined> {
  const token = request.cookies[cookieName(request, config, 'staff', 'session')];
  if (!token) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff_users', 'staff_users.id', 'sessions.staff_user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_hash',
      'sessions.last_seen_at',
      ...STAFF_ACTOR_COLUMNS,
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('staff_users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  assertCsrf(request, row.csrf_hash);
  await touchSession(db, row.sessionId, row.last_seen_at);
  return toStaffActor(row, { sessionId: row.sessionId });
}

async function contactFromCookie(
  db: Kysely<DB>,
  config: Config,
  request: FastifyRequest,
): Promise<ContactActor | undefined> {
  const token = request.cookies[cookieName(request, config, 'portal', 'session')];
  if (!token) return undefined;
  const found = await contactForSessionToken(db, token);
  if (!found) return undefined;
  assertCsrf(request, found.csrfHash);
  await touchSession(db, found.actor.sessionId, found.lastSeenAt);
  return found.actor;
}

// Everything under these prefixes is about a signed-in person or signs one in (the session answer).
const PRIVATE_PREFIXES = ['/api/staff/', '/api/portal/'];

/**
 * Authenticated answers, errors included, must not be kept by a browser or a shared cache: a
 * cached answer would outlive the sign-out and the permission change.
 */
function isPrivateAnswer(request: FastifyRequest): boolean {
  const audience = request.routeOptions.config?.policy?.audience;
  if ((audience !== undefined && audience !== 'public') || request.headers.authorization) return true;
  return PRIVATE_PREFIXES.some((prefix) => request.url.startsWith(prefix));
}

/** Enforces each route's declared policy before its body is read. */
export function registerAuthentication(app: FastifyInstance, db: Kysely<DB>, config: Config): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Before any refusal below, so a 401 or 403 carries it too.
    if (isPrivateAnswer(request)) reply.header('cache-control', 'no-store');
    const policy = request.routeOptions.config?.policy;
    if (!policy || policy.audience === 'public') return;
    if (policy.audience === 'staff') {
      const bearer = bearerOf(request);
      const staff = bearer ? await staffFromBearer(db, bearer) : await staffFromCookie(db, config, request);
      if (!staff) throw unauthenticated();
      if (policy.adminOnly && staff.role !== 'admin') throw forbidden('Only administrators may do this.');
      if (staff.tokenScopes) assertTokenScope(request, staff.tokenScopes, policy);
      request.staff = staff;
      // An API token was made under step-up and is bounded by its scopes; a session steps up.
      if (policy.stepUp && staff.sessionId)
        await assertRecentlyAuthenticated(db, staff.sessionId, config.stepUpSeconds);
      return;
    }
    const bearer = bearerOf(request);
    const contact = bearer
      ? await contactFromBearer(db, bearer)
      : await contactFromCookie(db, config, request);
    if (!contact) throw unauthenticated();
    request.contact = contact;
    // A personal API token reads what its contact may read and changes nothing (sign-out included).
    if (contact.tokenId !== undefined && !SAFE_METHODS.has(request.method))
      throw forbidden('A personal API token only reads: changes are not allowed.');
    if (contact.impersonation?.mode === 'read' && !SAFE_METHODS.has(request.method) && !isSignOut(request)) {
      throw forbidden('This is a read-only impersonation: changes are not allowed.');
    }
    // A module the contact may not use does not exist for it (404); a missing privilege is 403.
    // Without its view privilege a module is just as unusable (permission-model §5): 404 too.
    if (policy.module && !canUseModule(contact, policy.module)) throw new AppError('not_found', 'Not found.');
    if (policy.privilege && !contact.privileges.has(policy.privilege)) throw forbidden();
    if (policy.stepUp) await assertRecentlyAuthenticated(db, contact.sessionId, config.stepUpSeconds);
  });
}

export function setSessionCookies(
  reply: FastifyReply,
  request: FastifyRequest,
  config: Config,
  kind: keyof typeof COOKIES,
  session: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const secure = secureCookies(request, config);
  const base = { path: '/', sameSite: 'lax' as const, secure, expires: session.expiresAt };
  const name = (which: 'session' | 'csrf') => cookieName(request, config, kind, which);
  reply.setCookie(name('session'), session.token, { ...base, httpOnly: true });
  // Readable by the page's script, which echoes it in the CSRF header.
  reply.setCookie(name('csrf'), session.csrfToken, { ...base, httpOnly: false });
}

/** Clears both spellings: a deployment may have moved from HTTP to HTTPS with sessions open. */
export function clearSessionCookies(reply: FastifyReply, kind: keyof typeof COOKIES): void {
  for (const which of ['session', 'csrf'] as const) {
    reply.clearCookie(COOKIES[kind][which], { path: '/' });
    reply.clearCookie(HOST_PREFIX + COOKIES[kind][which], { path: '/', secure: true });
  }
}

export function requireStaff(request: FastifyRequest): StaffActor {
  if (!request.staff) throw unauthenticated();
  return request.staff;
}

export function requireContact(request: FastifyRequest): ContactActor {
  if (!request.contact) throw unauthenticated();
  return request.contact;
}
