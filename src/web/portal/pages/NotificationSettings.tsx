import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { Alert, ErrorMessage, Loading, SubmitButton } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { NotificationPreferences } from '../types.ts';

const URL = '/api/portal/account/notifications';
const KEY = ['portal', 'account', 'notifications'];

const SCOPES: readonly Choice<NotificationPreferences['scope']>[] = [
  ['none', 'None'],
  ['mine', 'My tickets and those I take part in'],
  ['visible', 'Every ticket I may see'],
];
const DELIVERIES: readonly Choice<NotificationPreferences['delivery']>[] = [
  ['immediate', 'At once, a message per change'],
  ['daily', 'One summary a day'],
];

/** "E-mail notifications" on the account page: which tickets the contact is mailed about, and when. */
export function NotificationSettings() {
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: KEY,
    queryFn: () => portalApi.get<NotificationPreferences>(URL),
  });
  const [form, setForm] = useState<NotificationPreferences | undefined>();
  useEffect(() => {
    if (saved.data) setForm(saved.data);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: (body: NotificationPreferences) => portalApi.put<NotificationPreferences>(URL, body),
    onSuccess: (data) => queryClient.setQueryData(KEY, data),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form) save.mutate(form);
  };
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">E-mail notifications</h2>
      {saved.isPending ? (
        <Loading label="Loading your notification settings…" />
      ) : saved.isError || !form ? (
        <ErrorMessage error={saved.error} onRetry={() => void saved.refetch()} />
      ) : (
        <form onSubmit={submit} className="narrow-form">
          {save.isSuccess && (
            <Alert tone="success">
              <p>Your notification settings have been saved.</p>
            </Alert>
          )}
          {save.isError && <ErrorMessage error={save.error} />}
          <SelectField
            label="Tell me about"
            hint="Only tickets you may see when the mail is sent; never internal notes."
            value={form.scope}
            choices={SCOPES}
            onChange={(scope) => setForm({ ...form, scope })}
          />
          <SelectField
            label="When"
            value={form.delivery}
            choices={DELIVERIES}
            disabled={form.scope === 'none'}
            onChange={(delivery) => setForm({ ...form, delivery })}
          />
          <SubmitButton busy={save.isPending}>Save notification settings</SubmitButton>
        </form>
      )}
    </section>
  );
}
