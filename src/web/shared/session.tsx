// What the portal and the staff console do alike with their session: read "me" (no session is an
// answer, not an error), gate the signed-in pages on it, and sign out.
import type { Context, ReactNode } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { isApiError, type ApiClient, type Audience } from './api.ts';
import { CenteredCard } from './AppShell.tsx';
import { ErrorMessage, Loading } from './ui.tsx';

/** GET `path` as the signed-in person, or null when there is no session (the page sends them to sign in). */
export function meQueryFor<T>(audience: Audience, api: ApiClient, path: string) {
  return queryOptions({
    queryKey: [audience, 'me'],
    queryFn: async ({ signal }): Promise<T | null> => {
      try {
        return await api.get<T>(path, undefined, signal);
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });
}

type GateProps<T> = {
  query: ReturnType<typeof meQueryFor<T>>;
  context: Context<T | null>;
  /** "Opening the portal…" while the session is read. */
  loading: string;
  /** The card's title when it could not be read. */
  failed: string;
  product: string;
  signInPath: (next: string) => string;
  children: ReactNode;
};

/** Renders its children for a signed-in person; sends everyone else to the sign-in page. */
export function SessionGate<T>({
  query,
  context,
  loading,
  failed,
  product,
  signInPath,
  children,
}: GateProps<T>) {
  const location = useLocation();
  const me = useQuery(query);
  if (me.isPending) {
    return (
      <div className="centered-page">
        <Loading label={loading} />
      </div>
    );
  }
  if (me.isError) {
    return (
      <CenteredCard title={failed} product={product}>
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </CenteredCard>
    );
  }
  if (!me.data) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <context.Provider value={me.data}>{children}</context.Provider>;
}

/** Signs out (ends the session on the server), forgets everything cached, then `afterwards()`. */
export function useEndSession(
  audience: Audience,
  api: ApiClient,
  path: string,
  afterwards: () => Promise<void> | void,
  mutationKey?: readonly string[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey,
    mutationFn: () => api.delete(path),
    onSettled: async (_data, error) => {
      // A 401 means the session had already ended: signed out all the same.
      if (error && !isApiError(error, 401)) return;
      queryClient.removeQueries({ queryKey: [audience] });
      queryClient.setQueryData([audience, 'me'], null);
      await afterwards();
    },
  });
}
