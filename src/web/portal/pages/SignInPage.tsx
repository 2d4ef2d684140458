import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { ApiResponse } from '../../shared/api-types.ts';
import { safeNextIn, SignInScreen, type SignInChallenge } from '../../shared/SignInScreen.tsx';
import { meQuery, portalApi } from '../session.tsx';

/** Only a path inside the portal may follow sign-in (no open redirect). */
export const safeNext = (next: string | null) => safeNextIn('/portal', next);

type Signed = ApiResponse<'/api/portal/session/second-factor', 'post'>;

export function SignInPage() {
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  return (
    <SignInScreen
      documentTitle="Sign in"
      title="Sign in to the customer portal"
      product="Portal"
      me={me}
      next={safeNext(params.get('next'))}
      signIn={(credentials) => portalApi.post<Signed | SignInChallenge>('/api/portal/session', credentials)}
      secondFactor={(challenge, code) =>
        portalApi.post<Signed>('/api/portal/session/second-factor', { challenge, code })
      }
      onSignedIn={(result) => {
        queryClient.removeQueries({ queryKey: ['portal'] });
        queryClient.setQueryData(meQuery.queryKey, result.me);
      }}
      notice={
        params.get('reason') === 'password-set' && (
          <p className="alert alert-success" role="status">
            Your password is set. Sign in with it now.
          </p>
        )
      }
      oidc={{ api: portalApi, audience: 'portal' }}
      footer={<Link to="/portal/forgot-password">Forgot your password?</Link>}
    />
  );
}
