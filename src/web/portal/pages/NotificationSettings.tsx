import { useEffect, useState, type FormEvent } from 'react';
import { NotificationPreferences, type SavePreference } from '../../shared/NotificationPreferences.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { Alert, ErrorMessage, SubmitButton } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { NotificationPreferences as Preference } from '../types.ts';

const URL = '/api/portal/account/notifications';
const KEY = ['portal', 'account', 'notifications'];

const SCOPES: readonly Choice<Preference['scope']>[] = [
  ['none', 'None'],
  ['mine', 'My tickets and those I take part in'],
  ['visible', 'Every ticket I may see'],
];
const DELIVERIES: readonly Choice<Preference['delivery']>[] = [
  ['immediate', 'At once, a message per change'],
  ['daily', 'One summary a day'],
];

/** "E-mail notifications" on the account page: which tickets the contact is mailed about, and when. */
export function NotificationSettings() {
  return (
    <NotificationPreferences<Preference> api={portalApi} url={URL} queryKey={KEY}>
      {(saved, save) => <SettingsForm saved={saved} save={save} />}
    </NotificationPreferences>
  );
}

function SettingsForm({ saved, save }: { saved: Preference; save: SavePreference<Preference> }) {
  const [form, setForm] = useState(saved);
  useEffect(() => setForm(saved), [saved]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(form);
  };
  return (
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
  );
}
