// "E-mail notifications" on the staff account page: which contact activity the staff user is
// mailed about, until teams and assignees decide it (permission model §6b, §9).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { ErrorMessage, Loading } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import type { StaffNotifications as Preference } from '../types.ts';

const URL = '/api/staff/me/notifications';
const KEY = ['staff', 'me', 'notifications'];
const SCOPES: readonly Choice<Preference['scope']>[] = [
  ['none', 'None'],
  ['commented', 'Tickets I wrote on'],
  ['all', 'All tickets'],
];

export function StaffNotifications() {
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: KEY, queryFn: () => staffApi.get<Preference>(URL) });
  const save = useMutation({
    mutationFn: (body: Preference) => staffApi.put<Preference>(URL, body),
    onSuccess: (data) => queryClient.setQueryData(KEY, data),
  });
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">E-mail notifications</h2>
      {saved.isPending ? (
        <Loading label="Loading your notification settings…" />
      ) : saved.isError ? (
        <ErrorMessage error={saved.error} onRetry={() => void saved.refetch()} />
      ) : (
        <SelectField
          label="Mail me when a contact writes on"
          value={saved.data.scope}
          choices={SCOPES}
          disabled={save.isPending}
          onChange={(scope) => save.mutate({ scope })}
        />
      )}
      {save.isError && <ErrorMessage error={save.error} />}
    </section>
  );
}
