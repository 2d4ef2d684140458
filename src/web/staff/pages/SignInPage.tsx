import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { ApiResponse } from '../../shared/api-types.ts';
import {
  safeNextIn,
  SignInScreen,
  type Enrolment,
  type SignInChallenge,
} from '../../shared/SignInScreen.tsx';
import { staffApi, staffMeQuery } from '../session.tsx';

/** Only a path inside the staff console may follow sign-in (no open redirect). */
export const safeStaffNext = (next: string | null) => safeNextIn('/staff', next, '/staff/sign-in');

type Signed = ApiResponse<'/api/staff/session/second-factor', 'post'>;

export function SignInPage() {
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const me = useQuery(staffMeQuery);
  return (
    <SignInScreen
      documentTitle="Staff sign in"
      title="Sign in to the staff console"
      product="Staff"
      me={me}
      next={safeStaffNext(params.get('next'))}
      mutationKey={['staff', 'sign-in']}
      signIn={(credentials) => staffApi.post<Signed | SignInChallenge>('/api/staff/session', credentials)}
      secondFactor={(challenge, code) =>
        staffApi.post<Signed>('/api/staff/session/second-factor', { challenge, code })
      }
      enrol={{
        start: (challenge) => staffApi.post<Enrolment>('/api/staff/session/enrolment', { challenge }),
        confirm: (challenge, code) =>
          staffApi.post<Signed & { recoveryCodes: string[] }>('/api/staff/session/enrolment/confirm', {
            challenge,
            code,
          }),
      }}
      onSignedIn={(result) => {
        queryClient.removeQueries({ queryKey: ['staff'] });
        queryClient.setQueryData(staffMeQuery.queryKey, result.user);
      }}
      oidc={{ api: staffApi, audience: 'staff' }}
      footer={
        <>
          Not staff? <a href="/portal">Go to the customer portal</a>
        </>
      }
    />
  );
}
