import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { authorizationRedirect, exchangeCode, providerConfiguration, type Claims } from '../../auth/oidc.ts';
import type { SessionOwner } from '../../auth/sessions.ts';
import { createChallenge } from '../../auth/challenges.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { HOST_PREFIX, secureCookies, setSessionCookies } from '../../http/authenticate.ts';
import { PUBLIC } from '../../http/route-policy.ts';
import { requireContact, requireStaff } from '../../http/authenticate.ts';
import { markReauthenticated } from '../../auth/step-up.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { openSession, secondStep } from '../sessions/sign-in.ts';
import type { App } from '../shared/record-routes.ts';
import { OidcRefused, resolveAccount, verifiedEmail, type Refusal } from './accounts.ts';
import { applyClaims } from './claims.ts';
import { CALLBACK_PATH, loadProvider, redirectUriOf, type ProviderRow } from './providers.ts';
import { CallbackQuery, StartParams, StartQuery, StepUpRedirect, StepUpStart } from './schema.ts';

/** Time from the redirect to the provider to its callback (signing in there included). */
const LOGIN_MINUTES = 10;
/** A provider's clock may run a little behind ours (auth_time against the redirect's time). */
const CLOCK_SKEW_MS = 30_000;
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
      try {
        return reply.redirect(await beginLogin(request, reply, provider, audience, safeNext(audience, next)));
      } catch (error) {
        request.log.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
        return reply.redirect(`${signInPage(audience)}?oidc_error=provider_error`);
      }
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
        if (login.step_up_session_id)
          return await finishStepUp(
            request,
            reply,
            provider,
            { ...login, step_up_session_id: login.step_up_session_id },
            claims,
          );
        email = verifiedEmail(provider, claims);
        return await finish(request, reply, provider, side, claims, email, login.next_path);
      } catch (error) {
        if (!(error instanceof OidcRefused)) throw error;
        await auditRefusal(request, provider, error.reason, email);
        if (login.step_up_session_id) return reply.redirect(`${login.next_path}?oidc_error=step_up_failed`);
        return reply.redirect(`${signInPage(side)}?oidc_error=${error.reason}`);
      }
    },
  );

  /**
   * Keeps a login under way (PKCE verifier, state, nonce; tied to this browser by a cookie) and
   * answers the provider's authorization URL. `stepUpSessionId`: a re-login at the provider for
   * that session's step-up, not a sign-in.
   */
  async function beginLogin(
    request: FastifyRequest,
    reply: FastifyReply,
    provider: ProviderRow,
    audience: Side,
    nextPath: string,
    stepUpSessionId: string | null = null,
  ): Promise<string> {
    const config = await providerConfiguration(provider);
    const redirect = await authorizationRedirect(config, redirectUri, stepUpSessionId !== null);
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
        next_path: nextPath,
        step_up_session_id: stepUpSessionId,
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
    return redirect.url.href;
  }

  // Step-up through the provider, for a person signed in (with it or otherwise) whose account is
  // linked to it: answers the URL to send the browser to; the callback marks the session.
  for (const side of ['portal', 'staff'] as const) {
    app.post(
      `/api/${side}/session/step-up/oidc`,
      {
        config: { policy: { audience: side } },
        schema: { tags: ['session'], body: StepUpStart, response: { 200: StepUpRedirect } },
      },
      async (request, reply) => {
        const me = stepUpOwner(request, side);
        const provider = await loadProvider(app.db, request.body.providerId);
        const linked =
          provider &&
          (provider.audience === 'both' || provider.audience === side) &&
          (await app.db
            .selectFrom('oidc_identities')
            .select('id')
            .where('provider_id', '=', provider.id)
            .where(side === 'staff' ? 'staff_user_id' : 'contact_id', '=', me.id)
            .executeTakeFirst());
        if (!provider || !linked)
          throw invalid('body.providerId', 'is not a sign-in service your account is linked to');
        const nextPath = safeNext(side, request.body.next);
        try {
          return { url: await beginLogin(request, reply, provider, side, nextPath, me.sessionId) };
        } catch (error) {
          request.log.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
          throw new AppError('service_unavailable', 'The sign-in service cannot be reached now. Try again.');
        }
      },
    );
  }

  /**
   * The end of a step-up: the provider signed in the account linked to the session's owner, just
   * now (auth_time after the redirect). Marks the session and goes back; anything else goes back
   * with ?oidc_error=step_up_failed and marks nothing.
   */
  async function finishStepUp(
    request: FastifyRequest,
    reply: FastifyReply,
    provider: ProviderRow,
    login: { step_up_session_id: string; next_path: string; expires_at: Date },
    claims: Claims,
  ) {
    const startedAt = login.expires_at.getTime() - LOGIN_MINUTES * 60_000;
    const authTime = typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : 0;
    const session = await app.db
      .selectFrom('sessions as s')
      .innerJoin('oidc_identities as i', (join) =>
        join
          .on('i.provider_id', '=', provider.id)
          .on('i.subject', '=', claims.sub)
          .on((eb) =>
            eb.or([
              eb('i.staff_user_id', '=', eb.ref('s.staff_user_id')),
              eb('i.contact_id', '=', eb.ref('s.contact_id')),
            ]),
          ),
      )
      .select(['s.id', 's.staff_user_id', 's.contact_id'])
      .where('s.id', '=', login.step_up_session_id)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    const back = (query: string) => reply.redirect(`${login.next_path}${query}`);
    const entity = session?.staff_user_id
      ? { entityType: 'staff_user', entityId: session.staff_user_id }
      : { entityType: 'contact', entityId: session?.contact_id ?? null };
    const actor = { kind: 'anonymous' as const, label: provider.name };
    if (!session || authTime < startedAt - CLOCK_SKEW_MS) {
      await recordAudit(
        app.db,
        actor,
        { action: 'step_up_failed', ...entity, after: { via: 'oidc' } },
        request.ip,
      );
      return back('?oidc_error=step_up_failed');
    }
    await markReauthenticated(app.db, session.id);
    await recordAudit(app.db, actor, { action: 'step_up', ...entity, after: { via: 'oidc' } }, request.ip);
    return back('');
  }

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

/** Who asks for a step-up through the provider: its own cookie session only (no token, no view-as). */
function stepUpOwner(request: FastifyRequest, side: Side): { id: string; sessionId: string } {
  if (side === 'staff') {
    const staff = requireStaff(request);
    if (!staff.sessionId) throw forbidden('Only in a signed-in session, not with an API token.');
    return { id: staff.id, sessionId: staff.sessionId };
  }
  const contact = requireContact(request);
  if (contact.impersonation) throw forbidden('Not while viewing the portal as this contact.');
  if (contact.tokenId !== undefined) throw forbidden('Only in a signed-in session, not with an API token.');
  return { id: contact.id, sessionId: contact.sessionId };
}
