// The signed-in contact: GET /api/portal/me, read on every page load and after every change, so
// a permission change shows up at once. Pages ask `useMe()` what to show.
import { createContext, useContext, type ReactNode } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { createApiClient, isApiError } from '../shared/api.ts';
import { CenteredCard } from '../shared/AppShell.tsx';
import { ErrorMessage, Loading } from '../shared/ui.tsx';
import type { Me, Module } from './types.ts';

export const portalApi = createApiClient('portal');

export const meQuery = queryOptions({
  queryKey: ['portal', 'me'],
  // No session is an answer here, not an error: the page sends the person to sign in.
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await portalApi.get<Me>('/api/portal/me', undefined, signal);
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

export const can = (me: Me, privilege: string) => me.privileges.includes(privilege);

/** The privilege without which a module shows nothing (permission-model §2). */
const MODULE_PRIVILEGE: Record<Module, string> = {
  tickets: 'tickets.view',
  assets: 'assets.view',
  contracts: 'contracts.view',
  charges: 'charges.view',
  quotes: 'quotes.view',
  invoices: 'invoices.view',
  payments: 'payments.view',
  documents: 'documents.view',
  kb: 'kb.view',
};

/**
 * May the contact use the module? `me.modules` says which modules its user groups may use; the
 * module also needs its view privilege, or every page of it would be empty.
 */
export const hasModule = (me: Me, module: Module) =>
  me.modules.includes(module) && can(me, MODULE_PRIVILEGE[module]);

export function signInPath(next?: string) {
  return next && next !== '/portal' ? `/portal/sign-in?next=${encodeURIComponent(next)}` : '/portal/sign-in';
}

/** Renders its children for a signed-in contact; sends everyone else to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useQuery(meQuery);
  if (me.isPending) {
    return (
      <div className="centered-page">
        <Loading label="Opening the portal…" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <CenteredCard title="The portal could not be opened" product="Portal">
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </CenteredCard>
    );
  }
  if (!me.data) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

/** Signs out (ends the session on the server) and forgets everything cached. */
export function useSignOut(afterwards = '/portal/sign-in') {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => portalApi.delete('/api/portal/session'),
    onSettled: async (_data, error) => {
      // A 401 means the session had already ended: signed out all the same.
      if (error && !isApiError(error, 401)) return;
      queryClient.removeQueries({ queryKey: ['portal'] });
      queryClient.setQueryData(meQuery.queryKey, null);
      if (afterwards.startsWith('/portal')) await navigate(afterwards, { replace: true });
      else window.location.assign(afterwards);
    },
  });
}
