// The "E-mail notifications" card of both account pages: the preference is read and saved the same
// way in the portal and the staff console; only the fields differ.
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type { ApiClient } from './api.ts';
import { ErrorMessage, Loading } from './ui.tsx';

export type SavePreference<P> = UseMutationResult<P, Error, P>;

export function NotificationPreferences<P>({
  api,
  url,
  queryKey,
  children,
}: {
  api: ApiClient;
  url: string;
  queryKey: readonly string[];
  /** The fields, once the saved preference is loaded. */
  children: (saved: P, save: SavePreference<P>) => ReactNode;
}) {
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey, queryFn: () => api.get<P>(url) });
  const save = useMutation({
    mutationFn: (body: P) => api.put<P>(url, body),
    onSuccess: (data) => queryClient.setQueryData(queryKey, data),
  });
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">E-mail notifications</h2>
      {saved.isPending ? (
        <Loading label="Loading your notification settings…" />
      ) : saved.isError ? (
        <ErrorMessage error={saved.error} onRetry={() => void saved.refetch()} />
      ) : (
        children(saved.data, save)
      )}
    </section>
  );
}
