// The signed-in staff user: GET /api/staff/me, read when the console opens and after a 401, so a
// role change or a disabled account shows up at once. Pages ask `useStaffMe()` what to show.
// Every staff query key starts with 'staff': main.tsx sends a 401 on any of them back to sign-in.
import { createContext, useContext, type ReactNode } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { createApiClient, isApiError } from '../shared/api.ts';
import { CenteredCard } from '../shared/AppShell.tsx';
import { ErrorMessage, Loading } from '../shared/ui.tsx';
import type { StaffMe } from './types.ts';

/** The staff API client: the staff session cookie, x-csrf-token from portico_staff_csrf. */
export const staffApi = createApiClient('staff');

export const staffMeQuery = queryOptions({
  queryKey: ['staff', 'me'],
  // No session is an answer here, not an error: the console sends the person to sign in.
  queryFn: async ({ signal }): Promise<StaffMe | null> => {
    try {
      return await staffApi.get<StaffMe>('/api/staff/me', undefined, signal);
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

const StaffMeContext = createContext<StaffMe | null>(null);

export function useStaffMe(): StaffMe {
  const me = useContext(StaffMeContext);
  if (!me) throw new Error('useStaffMe outside a signed-in page');
  return me;
}

export const isAdmin = (me: StaffMe) => me.role === 'admin';
export const mayImpersonate = (me: StaffMe) => me.role === 'admin' || me.canImpersonate;

export function staffSignInPath(next?: string) {
  return next && next !== '/staff' && next !== '/staff/'
    ? `/staff/sign-in?next=${encodeURIComponent(next)}`
    : '/staff/sign-in';
}

/** Renders its children for a signed-in staff user; sends everyone else to the sign-in page. */
export function RequireStaffSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useQuery(staffMeQuery);
  if (me.isPending) {
    return (
      <div className="centered-page">
        <Loading label="Opening the staff console…" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <CenteredCard title="The staff console could not be opened" product="Staff">
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </CenteredCard>
    );
  }
  if (!me.data) return <Navigate to={staffSignInPath(location.pathname + location.search)} replace />;
  return <StaffMeContext.Provider value={me.data}>{children}</StaffMeContext.Provider>;
}

/** Signs out (ends the session on the server) and forgets everything cached. */
export function useStaffSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationKey: ['staff', 'sign-out'],
    mutationFn: () => staffApi.delete('/api/staff/session'),
    onSettled: async (_data, error) => {
      // A 401 means the session had already ended: signed out all the same.
      if (error && !isApiError(error, 401)) return;
      queryClient.removeQueries({ queryKey: ['staff'] });
      queryClient.setQueryData(staffMeQuery.queryKey, null);
      await navigate('/staff/sign-in', { replace: true });
    },
  });
}
