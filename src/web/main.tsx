// One build, two interfaces: the customer portal under /portal and the staff console under /staff.
import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isApiError } from './shared/api.ts';
import { Loading } from './shared/ui.tsx';
import { PortalApp } from './portal/PortalApp.tsx';
import './shared/styles.css';

// The staff console is loaded only by those who open it.
const StaffApp = lazy(() => import('./staff/StaffApp.tsx'));

/** A request answered 401 means the session ended: re-read "who am I", which sends to sign-in. */
function onUnauthenticated(error: unknown, key: readonly unknown[] | undefined) {
  if (!isApiError(error, 401)) return;
  const audience = key?.[0] === 'staff' ? 'staff' : 'portal';
  if (key?.[1] === 'me') return;
  void queryClient.invalidateQueries({ queryKey: [audience, 'me'] });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onUnauthenticated(error, query.queryKey) }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) =>
      onUnauthenticated(error, mutation.options.mutationKey ?? [window.location.pathname.split('/')[1]]),
  }),
  defaultOptions: {
    queries: {
      // Only a network failure or a server error is worth a second try; 4xx answers are final.
      retry: (count, error) => count < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: true,
      staleTime: 10_000,
    },
  },
});

function App() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/portal" replace />} />
      <Route path="/portal/*" element={<PortalApp />} />
      <Route
        path="/staff/*"
        element={
          <Suspense fallback={<Loading />}>
            <StaffApp />
          </Suspense>
        }
      />
      <Route path="*" element={<Navigate to="/portal" replace />} />
    </Routes>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
