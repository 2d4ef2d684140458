import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { authorizationRedirect, exchangeCode, providerConfiguration, type Claims } from '../../auth/oidc.ts';
import type { SessionOwner } from '../../auth/sessions.ts';
import { createChallenge } from '../../auth/challenges.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { HOST_PREFIX, secureCookies, setSessionCookies } from '../../http/authenticate.ts';
import { PUBLIC } from '../../http/route-policy.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { openSession, secondStep } from '../sessions/sign-in.ts';
import type { App } from '../shared/record-routes.ts';
import { OidcRefused, resolveAccount, verifiedEmail, type Refusal } from './accounts.ts';
import { applyClaims } from './claims.ts';
import { CALLBACK_PATH, loadProvider, redirectUriOf, type ProviderRow } from './providers.ts';
import { CallbackQuery, StartParams, StartQuery } from './schema.ts';

/** Time from the redirect to the provider to its callback (signing in there included). */
const LOGIN_MINUTES = 10;
/** Ties the sign-in under way to the browser that started it (no login CSRF). */
const BROWSER_COOKIE = 'portico_oidc';

type Side = 'portal' | 'staff';

/** Only a path of the side may follow sign-in (no open redirect, not the sign-in page again). */
export function safeNext(side: Side, next: string | undefined): string {
  const home = `/${side}`;
  if (!next || !next.startsWith(`${home}/`) || next.startsWith('//') || next.includes('\\')) return home;
  return next.startsWith(`${home}/sign-in`) ? home : next;
}

const signInPage = (side: Side) => `/${side}/sign-in`;

/**
 * The OIDC sign-in: GET /api/auth/oidc/:provider/start redirects to the provider (authorization
 * code with PKCE S256, state and nonce kept server-side in oidc_logins, tied to this browser by
 * a cookie); GET /api/auth/oidc/callback checks it all (openid-client: state, nonce, ID token),
 * requires a verified e-mail of an allowed domain, finds or links (or creates) the account,
 * applies the claims, and ends as a password sign-in does: the second factor if the account has
 * one, else the same session and cookies. Every refusal goes back to the sign-in page with a
 * reason it explains (`?oidc_error=`), and is audited.
 */
export function registerSignInFlow(app: App): void {
  const redirectUri = redirectUriOf(app.config.publicUrl);
  const browserCookie = (request: FastifyRequest) =>
    (secureCookies(request, app.config) ? HOST_PREFIX : '') + BROWSER_COOKIE;

  app.get(
    '/api/auth/oidc/:provider/start',
    { config: PUBLIC, schema: { tags: ['session'], params: StartParams, querystring: StartQuery } },
    async (request, reply) => {
      const { audience, next } = request.query;
      const provider = await loadProvider(app.db, request.params.provider);
      if (!provider || (provider.audience !== 'both' && provider.audience !== audience))
        throw notFound('Provider');
      let redirect;
      try {
        redirect = await authorizationRedirect(await providerConfiguration(provider), redirectUri);
      } catch (error) {
        request.log.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
        return reply.redirect(`${signInPage(audience)}?oidc_error=provider_error`);
      }
      const browser = newToken();
      await app.db
        .deleteFrom('oidc_logins')
        .where('expires_at', '<', sql<Date>`now()`)
        .execute();
      await app.db
        .insertInto('oidc_logins')
        .values({
          state_hash: hashToken(redirect.pending.state),
          browser_hash: hashToken(browser),
          provider_id: provider.id,
          audience,
          code_verifier: redirect.pending.codeVerifier,
          nonce: redirect.pending.nonce,
          next_path: safeNext(audience, next),
          expires_at: sql<Date>`now() + make_interval(mins => ${LOGIN_MINUTES})`,
        })
        .execute();
      reply.setCookie(browserCookie(request), browser, {
        path: '/',
        httpOnly: true,
        // Lax: sent on the provider's top-level redirect back to the callback.
        sameSite: 'lax',
        secure: secureCookies(request, app.config),
        maxAge: LOGIN_MINUTES * 60,
      });
      return reply.redirect(redirect.url.href);
    },
  );

  app.get(
    CALLBACK_PATH,
    { config: PUBLIC, schema: { tags: ['session'], querystring: CallbackQuery } },
    async (request, reply) => {
      const { state } = request.query;
      const browser = request.cookies[browserCookie(request)];
      reply.clearCookie(browserCookie(request), { path: '/', secure: secureCookies(request, app.config) });
      // One use: the row goes whatever happens next.
      const login =
        state && browser
          ? await app.db
              .deleteFrom('oidc_logins')
              .where('state_hash', '=', hashToken(state))
              .where('browser_hash', '=', hashToken(browser))
              .where('expires_at', '>', sql<Date>`now()`)
              .returningAll()
              .executeTakeFirst()
          : undefined;
      const provider = login && (await loadProvider(app.db, login.provider_id));
      if (!login || !provider || !state) {
        await auditRefusal(request, null, 'expired', '');
        return reply.redirect(`${signInPage('portal')}?oidc_error=expired`);
      }
      const side = login.audience;
      let email = '';
      try {
        if (request.query.error) throw new OidcRefused('provider_error');
        const claims = await verifiedClaims(request, provider, { state, ...login });
        email = verifiedEmail(provider, claims);
        return await finish(request, reply, provider, side, claims, email, login.next_path);
      } catch (error) {
        if (!(error instanceof OidcRefused)) throw error;
        await auditRefusal(request, provider, error.reason, email);
        return reply.redirect(`${signInPage(side)}?oidc_error=${error.reason}`);
      }
    },
  );

  /** The claims of the provider's answer, once openid-client has checked it (else provider_error). */
  async function verifiedClaims(
    request: FastifyRequest,
    provider: ProviderRow,
    login: { state: string; nonce: string; code_verifier: string },
  ): Promise<Claims> {
    // The URL the provider sent the browser to, as it registered it (PUBLIC_URL), with its query.
    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback').search;
    try {
      const config = await providerConfiguration(provider);
      const pending = { state: login.state, nonce: login.nonce, codeVerifier: login.code_verifier };
      return await exchangeCode(config, callbackUrl, pending);
    } catch (error) {
      request.log.warn({ err: error, provider: provider.id }, 'OIDC code exchange refused');
      throw new OidcRefused('provider_error');
    }
  }

  async function finish(
    request: FastifyRequest,
    reply: FastifyReply,
    provider: ProviderRow,
    side: Side,
    claims: Claims,
    email: string,
    nextPath: string,
  ) {
    const account = await app.db.transaction().execute(async (trx) => {
      const found = await resolveAccount(trx, provider, side, claims, email, request.ip);
      // Disabled, or a contact without portal access: refused, and nothing of the claims applied.
      if (!found.allowed) throw new OidcRefused('not_allowed');
      if (side === 'portal') await applyClaims(trx, provider, found.id, claims, request.ip);
      return found;
    });
    const owner: SessionOwner = side === 'staff' ? { staffUserId: account.id } : { contactId: account.id };
    // The provider proved the password; a second factor set up here is still asked for.
    const next = await secondStep(app, owner, account.role);
    if (next) {
      const challenge = await createChallenge(app.db, owner, next);
      const fragment = new URLSearchParams({
        challenge: challenge.token,
        next,
        expiresAt: challenge.expiresAt.toISOString(),
      });
      return reply.redirect(`${signInPage(side)}#${fragment.toString()}`);
    }
    const session = await openSession(app, request, owner, account.email, 'oidc');
    setSessionCookies(reply, request, app.config, side, session);
    return reply.redirect(nextPath);
  }

  async function auditRefusal(
    request: FastifyRequest,
    provider: ProviderRow | null,
    reason: Refusal,
    email: string,
  ) {
    await recordAudit(
      app.db,
      { kind: 'anonymous', label: email.slice(0, 200) || 'OIDC sign-in' },
      {
        action: 'sign_in_failed',
        entityType: 'oidc_provider',
        entityId: provider?.id ?? null,
        after: { reason },
      },
      request.ip,
    );
  }
}
