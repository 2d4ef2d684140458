// "E-mail notifications" on the staff account page: which contact activity the staff user is
// mailed about, until teams and assignees decide it (permission model §6b, §9).
import { NotificationPreferences } from '../../shared/NotificationPreferences.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { ErrorMessage } from '../../shared/ui.tsx';
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
  return (
    <NotificationPreferences<Preference> api={staffApi} url={URL} queryKey={KEY}>
      {(saved, save) => (
        <>
          <SelectField
            label="Mail me when a contact writes on"
            value={saved.scope}
            choices={SCOPES}
            disabled={save.isPending}
            onChange={(scope) => save.mutate({ scope })}
          />
          {save.isError && <ErrorMessage error={save.error} />}
        </>
      )}
    </NotificationPreferences>
  );
}
