// OpenID Connect on the sign-in pages: a "Sign in with <provider>" button per provider of the
// side, the reason a provider sign-in was refused (?oidc_error=), and the second factor still to
// come after one (#challenge=…, a fragment: never sent to a server or kept in its logs).
import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from './api.ts';

/** The 202 answer of a sign-in whose second step is still to come (and what a provider sign-in leaves). */
export type SignInChallenge = { next: 'second_factor' | 'enrol'; challenge: string; expiresAt: string };
type Provider = { id: string; name: string };

/** What each refusal of the callback (src/modules/oidc/accounts.ts) means to the person. */
const REFUSALS: Record<string, string> = {
  expired: 'That sign-in took too long or was started in another browser. Try again.',
  provider_error: 'The sign-in service did not answer as expected. Try again, or sign in with your password.',
  email_unverified: 'The sign-in service did not confirm your e-mail address, so it cannot sign you in here.',
  domain_not_allowed: 'Your e-mail address is not of a domain this sign-in service accepts here.',
  unknown_account: 'No account here has your e-mail address. Ask your administrator for access.',
  already_linked: 'Your account here is already linked to another account of that sign-in service.',
  no_organization: 'There is no organization here for your e-mail domain. Ask your administrator for access.',
  not_allowed: 'Your account is disabled or may not use this part of Portico.',
};

export function oidcRefusal(code: string | null): string | null {
  if (!code) return null;
  return REFUSALS[code] ?? 'Signing in with that service failed. Try again.';
}

/** The challenge a provider sign-in left in the address's fragment, removed from the address once read. */
export function challengeFromFragment(): SignInChallenge | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const challenge = params.get('challenge');
  const next = params.get('next');
  if (!challenge || (next !== 'second_factor' && next !== 'enrol')) return null;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return { challenge, next, expiresAt: params.get('expiresAt') ?? '' };
}

export function OidcButtons(props: { api: ApiClient; audience: 'portal' | 'staff'; next: string }) {
  const providers = useQuery({
    queryKey: ['oidc-providers', props.audience],
    queryFn: () =>
      props.api.get<{ items: Provider[] }>('/api/auth/oidc/providers', { audience: props.audience }),
  });
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  const query = (id: string) =>
    `/api/auth/oidc/${id}/start?${new URLSearchParams({ audience: props.audience, next: props.next }).toString()}`;
  return (
    <div className="oidc-buttons">
      <p className="centered-links">or</p>
      {items.map((p) => (
        <a key={p.id} className="btn btn-secondary btn-block" href={query(p.id)}>
          Sign in with {p.name}
        </a>
      ))}
    </div>
  );
}
