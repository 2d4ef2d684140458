// The signed-in staff user: GET /api/staff/me, read when the console opens and after a 401, so a
// role change or a disabled account shows up at once. Pages ask `useStaffMe()` what to show.
// Every staff query key starts with 'staff': main.tsx sends a 401 on any of them back to sign-in.
import { createContext, useContext, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { createApiClient } from '../shared/api.ts';
import { meQueryFor, SessionGate, useEndSession } from '../shared/session.tsx';
import type { StaffMe } from './types.ts';

/** The staff API client: the staff session cookie, x-csrf-token from portico_staff_csrf. */
export const staffApi = createApiClient('staff');

export const staffMeQuery = meQueryFor<StaffMe>('staff', staffApi, '/api/staff/me');

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
  return (
    <SessionGate
      query={staffMeQuery}
      context={StaffMeContext}
      loading="Opening the staff console…"
      failed="The staff console could not be opened"
      product="Staff"
      signInPath={staffSignInPath}
    >
      {children}
    </SessionGate>
  );
}

/** Signs out (ends the session on the server) and forgets everything cached. */
export function useStaffSignOut() {
  const navigate = useNavigate();
  return useEndSession(
    'staff',
    staffApi,
    '/api/staff/session',
    () => navigate('/staff/sign-in', { replace: true }),
    ['staff', 'sign-out'],
  );
}
