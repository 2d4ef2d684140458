import * as client from 'openid-client';

/**
 * The openid-client side of OIDC sign-in: discovery (cached per provider until its settings
 * change), the authorization URL with PKCE (S256), state and nonce, and the code exchange that
 * checks state, nonce and the ID token (signature, issuer, audience, expiry).
 */

export type ProviderSettings = {
  id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  updated_at: Date;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An issuer must be HTTPS; plain HTTP only on this machine (a provider run by the tests or a developer). */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'must be an https:// URL';
}

const configurations = new Map<string, { key: string; config: Promise<client.Configuration> }>();

/** The provider's discovered configuration; a failed discovery is tried again next time. */
export function providerConfiguration(p: ProviderSettings): Promise<client.Configuration> {
  const key = `${p.issuer}\n${p.client_id}\n${p.client_secret}\n${p.updated_at.getTime()}`;
  const hit = configurations.get(p.id);
  if (hit?.key === key) return hit.config;
  const server = new URL(p.issuer);
  const options = server.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
  const config = client.discovery(server, p.client_id, p.client_secret, undefined, options);
  const entry = { key, config };
  configurations.set(p.id, entry);
  config.catch(() => {
    if (configurations.get(p.id) === entry) configurations.delete(p.id);
  });
  return config;
}

/** What a sign-in keeps between the redirect and the callback. */
export type PendingLogin = { state: string; nonce: string; codeVerifier: string };

/**
 * The provider's authorization URL. `reauthenticate`: for a step-up, the person must sign in at
 * the provider again now (prompt=login, max_age=0), not be waved through by its session there.
 */
export async function authorizationRedirect(
  config: client.Configuration,
  redirectUri: string,
  reauthenticate = false,
): Promise<{ url: URL; pending: PendingLogin }> {
  const pending = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
  });
  return { url, pending };
}

export type Claims = Record<string, unknown> & { sub: string };

/**
 * Exchanges the code (the callback's URL) for tokens, checking state, nonce, PKCE and the ID
 * token, and answers the ID token's claims with the userinfo endpoint's (for the same subject)
 * under them: providers put email, groups and the like in either.
 */
export async function exchangeCode(
  config: client.Configuration,
  callbackUrl: URL,
  pending: PendingLogin,
): Promise<Claims> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('no ID token');
  const userinfo = config.serverMetadata().userinfo_endpoint
    ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
    : {};
  return { ...userinfo, ...idClaims };
}
