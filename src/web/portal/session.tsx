// The signed-in contact: GET /api/portal/me, read on every page load and after every change, so
// a permission change shows up at once. Pages ask `useMe()` what to show.
import { createContext, useContext, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { createApiClient } from '../shared/api.ts';
import { VIEW_PRIVILEGE } from '../shared/modules.ts';
import { meQueryFor, SessionGate, useEndSession } from '../shared/session.tsx';
import type { Me, Module } from './types.ts';

export const portalApi = createApiClient('portal');

export const meQuery = meQueryFor<Me>('portal', portalApi, '/api/portal/me');

const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

export const can = (me: Me, privilege: string) => me.privileges.includes(privilege);

/**
 * May the contact use the module? `me.modules` says which modules its user groups may use; the
 * module also needs its view privilege, or every page of it would be empty.
 */
export const hasModule = (me: Me, module: Module) =>
  me.modules.includes(module) && can(me, VIEW_PRIVILEGE[module]);

export function signInPath(next?: string) {
  return next && next !== '/portal' ? `/portal/sign-in?next=${encodeURIComponent(next)}` : '/portal/sign-in';
}

/** Renders its children for a signed-in contact; sends everyone else to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  return (
    <SessionGate
      query={meQuery}
      context={MeContext}
      loading="Opening the portal…"
      failed="The portal could not be opened"
      product="Portal"
      signInPath={signInPath}
    >
      {children}
    </SessionGate>
  );
}

/** Signs out (ends the session on the server) and forgets everything cached. */
export function useSignOut(afterwards = '/portal/sign-in') {
  const navigate = useNavigate();
  return useEndSession('portal', portalApi, '/api/portal/session', async () => {
    if (afterwards.startsWith('/portal')) await navigate(afterwards, { replace: true });
    else window.location.assign(afterwards);
  });
}
