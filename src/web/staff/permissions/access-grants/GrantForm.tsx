import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ComboboxOption } from '../../../shared/Combobox.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, Field, PageHeader } from '../../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../../components/pickers.tsx';
import { staffApi } from '../../session.tsx';
import {
  ACCESS,
  fromLocalInput,
  PERMISSIONS,
  toLocalInput,
  useAllUserGroups,
  UserGroupSelect,
} from '../common.tsx';
import { SaveDialog } from '../SaveDialog.tsx';
import type { AccessChange, AccessGrant, Level } from '../types.ts';

type Dialog = 'save' | 'delete' | null;

export function GrantForm({ grant }: { grant: AccessGrant | null }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const groups = useAllUserGroups();
  const initialContact = useContactOption(params.get('contactId'));
  const [contact, setContact] = useState<ComboboxOption | null>(null);
  const chosenContact = contact ?? (grant ? null : initialContact);
  const [userGroupId, setUserGroupId] = useState(grant?.userGroup.id ?? params.get('userGroupId') ?? '');
  const [level, setLevel] = useState<Level>(grant?.level ?? 'read');
  const [expires, setExpires] = useState(toLocalInput(grant?.expiresAt ?? null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dialog, setDialog] = useState<Dialog>(null);

  const expiresAt = fromLocalInput(expires);
  const expiryChanged = grant ? expires !== toLocalInput(grant.expiresAt) : true;
  const groupName =
    grant?.userGroup.name ?? groups.data?.find((g) => g.id === userGroupId)?.name ?? 'the group';
  const contactName = grant?.contact.name ?? chosenContact?.label ?? 'the contact';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!grant && !chosenContact) next.contact = 'Choose the contact who gets access.';
    if (!grant && !userGroupId) next.userGroupId = 'Choose the user group whose tickets it follows.';
    if (expires && !expiresAt) next.expires = 'Enter a valid date and time, or leave it empty.';
    else if (expiryChanged && expiresAt && new Date(expiresAt).getTime() <= Date.now())
      next.expires = 'The expiry must be in the future.';
    setErrors(next);
    if (Object.keys(next).length === 0) setDialog('save');
  };

  // What the preview can show. A new grant: exactly that. A new expiry on a grant that has expired
  // makes it work again, which is what a new grant on the same group does. A change to a live grant
  // changes nothing that is visible today (the level decides writing, not seeing); with a new
  // expiry, the preview shows what its end will take away.
  let change: AccessChange | null = null;
  let previewTitle: string | undefined;
  let noPreview: string | undefined;
  if (!grant) {
    if (chosenContact && userGroupId)
      change = { kind: 'add_grant', contactId: chosenContact.id, userGroupId, level, expiresAt };
  } else if (grant.expired && expiryChanged) {
    change = {
      kind: 'add_grant',
      contactId: grant.contact.id,
      userGroupId: grant.userGroup.id,
      level,
      expiresAt,
    };
    previewTitle = 'What renewing the expired grant changes';
  } else if (grant.expired) {
    noPreview = 'The grant has expired: it has no effect before or after this change.';
  } else if (expiryChanged && expiresAt) {
    change = { kind: 'remove_grant', grantId: grant.id };
    previewTitle = 'What ends when the grant expires (as things stand today)';
  } else {
    noPreview =
      level !== grant.level
        ? `What ${contactName} can see stays the same; it ${level === 'write' ? 'may now reply to, edit and close' : 'may no longer reply to, edit or close'} these tickets (each action still needs its privilege).`
        : 'What the contact can see stays the same.';
  }

  const body = grant
    ? {
        ...(level !== grant.level ? { level } : {}),
        ...(expiryChanged ? { expiresAt } : {}),
      }
    : { contactId: chosenContact?.id, userGroupId, level, expiresAt };
  const dirty = grant ? Object.keys(body).length > 0 : true;

  return (
    <>
      <PageHeader
        title={grant ? `${grant.contact.name} → ${grant.userGroup.name}` : 'New access grant'}
        subtitle={
          grant
            ? `Created ${formatDateTime(grant.createdAt)}.`
            : 'Let a contact follow the tickets of every member of a user group.'
        }
        back={{ to: `${PERMISSIONS}/access-grants`, label: 'Access grants' }}
        actions={
          grant && (
            <>
              <Link className="btn btn-secondary" to={`${ACCESS}/contacts/${grant.contact.id}`}>
                Effective access of {grant.contact.name}
              </Link>
              <button
                type="button"
                className="btn btn-secondary btn-danger-outline"
                onClick={() => setDialog('delete')}
              >
                Delete…
              </button>
            </>
          )
        }
      />
      {grant?.expired && (
        <Alert tone="warning" title="This grant has expired">
          <p>It has no effect. Set a new expiry in the future, or none, to make it work again.</p>
        </Alert>
      )}
      <form className="card narrow-card" onSubmit={submit} noValidate>
        {grant ? (
          <dl className="description-list grant-facts">
            <div>
              <dt>Contact</dt>
              <dd>
                <Link to={`${ACCESS}/contacts/${grant.contact.id}`}>{grant.contact.name}</Link>
              </dd>
            </div>
            <div>
              <dt>Follows the tickets of the members of</dt>
              <dd>
                <Link to={`${PERMISSIONS}/user-groups/${grant.userGroup.id}`}>{grant.userGroup.name}</Link>
              </dd>
            </div>
          </dl>
        ) : (
          <>
            <Field label="Contact" hint="Who gets access." error={errors.contact}>
              {(control) => <ContactCombobox control={control} value={chosenContact} onChange={setContact} />}
            </Field>
            <UserGroupSelect
              hint="The contact sees the non-private tickets whose requester is a member of this group."
              error={errors.userGroupId}
              groups={groups}
              value={userGroupId}
              onChange={setUserGroupId}
            />
          </>
        )}
        <fieldset className="field">
          <legend className="field-legend">Level</legend>
          <div className="radio-stack">
            <label className="radio">
              <input
                type="radio"
                name="level"
                value="read"
                checked={level === 'read'}
                onChange={() => setLevel('read')}
              />
              <span>
                <strong>Read only</strong>
                <span className="field-hint block">Sees the tickets; may write only its own.</span>
              </span>
            </label>
            <label className="radio">
              <input
                type="radio"
                name="level"
                value="write"
                checked={level === 'write'}
                onChange={() => setLevel('write')}
              />
              <span>
                <strong>Read and write</strong>
                <span className="field-hint block">
                  May also reply to, edit and close them, as far as its privilege group allows.
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        <Field
          label="Expires"
          hint="Optional. After this moment the grant has no effect."
          error={errors.expires}
        >
          {(control) => (
            <div className="combobox-row">
              <input
                {...control}
                type="datetime-local"
                value={expires}
                onChange={(e) => setExpires(e.target.value)}
              />
              {expires && (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setExpires('')}>
                  No expiry
                </button>
              )}
            </div>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty}>
            {grant ? 'Review and save…' : 'Review and grant…'}
          </button>
          <Link className="btn btn-secondary" to={`${PERMISSIONS}/access-grants`}>
            Cancel
          </Link>
        </div>
      </form>

      <SaveDialog
        open={dialog === 'save'}
        title={grant ? `Change the grant of ${contactName}?` : `Grant ${contactName} access?`}
        summary={
          <p>
            {contactName} {grant ? 'will follow' : 'follows'} the tickets of the members of “{groupName}”,{' '}
            {level === 'write' ? 'read and write' : 'read only'},{' '}
            {expiresAt ? `until ${formatDateTime(expiresAt)}` : 'with no expiry'}.
          </p>
        }
        change={change}
        previewTitle={previewTitle}
        noPreview={noPreview}
        confirmLabel={grant ? 'Save changes' : 'Grant access'}
        save={() =>
          grant
            ? staffApi.patch<AccessGrant>(`/api/staff/access-grants/${grant.id}`, body)
            : staffApi.post<AccessGrant>('/api/staff/access-grants', body)
        }
        onSaved={(saved) => {
          setDialog(null);
          void navigate(`${PERMISSIONS}/access-grants/${saved.id}`, { replace: true });
        }}
        onCancel={() => setDialog(null)}
      />
      {grant && (
        <SaveDialog
          open={dialog === 'delete'}
          title={`Delete the grant of ${grant.contact.name}?`}
          summary={
            <p>
              {grant.contact.name} no longer follows the tickets of the members of “{grant.userGroup.name}”.
            </p>
          }
          change={{ kind: 'remove_grant', grantId: grant.id }}
          confirmLabel="Delete grant"
          tone="danger"
          save={() => staffApi.delete(`/api/staff/access-grants/${grant.id}`)}
          onSaved={() => {
            setDialog(null);
            void navigate(`${PERMISSIONS}/access-grants`, { replace: true });
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
