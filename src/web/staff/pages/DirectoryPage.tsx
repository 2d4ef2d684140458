// The directory (LDAP / Active Directory, administrators): its configuration, the preview of what
// a sync would change (and who gains and loses which tickets), and a sync on demand.
// docs/directory.md. Saving asks for step-up (the shared dialog); the bind password is write-only.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiResponse } from '../../shared/api-types.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  Alert,
  CheckboxField,
  DescriptionList,
  ErrorMessage,
  Field,
  Loading,
  PageHeader,
  SubmitButton,
  TextField,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { useAllUserGroups } from '../permissions/common.tsx';
import { staffApi } from '../session.tsx';

type Settings = ApiResponse<'/api/staff/directory', 'get'>;
type Body = ApiBody<'/api/staff/directory', 'put'>;
type Preview = ApiResponse<'/api/staff/directory/preview', 'post'>;
type Changes = Preview['changes'];

const KEY = ['staff', 'directory'] as const;
const TEXT_FIELDS = [
  ['url', 'URL', 'ldap://host:389 or ldaps://host:636'],
  ['bindDn', 'Service account DN', 'Reads people and groups; nothing is written to the directory.'],
  ['baseDn', 'Base DN', 'Where people and groups are searched.'],
  ['userFilter', 'User filter', 'e.g. (objectClass=inetOrgPerson)'],
  ['groupFilter', 'Group filter', 'e.g. (objectClass=groupOfNames)'],
  ['emailAttribute', 'E-mail (sign-in) attribute', 'e.g. mail'],
  ['nameAttribute', 'Name attribute', 'e.g. cn or displayName'],
  ['disabledFilter', 'Disabled filter', "Optional; AD's userAccountControl bit 2 always counts."],
] as const;

/** Which directory groups become user groups, and how they are named (createGroups). */
const GROUP_FIELDS = [
  ['underDn', 'Only groups below (DN)', 'Optional; empty: every group under the base DN.'],
  ['namePrefix', 'Group name prefix', 'Optional, e.g. "Directory: "'],
] as const;

/** The mapping part of the settings, edited as JSON (DNs and ids, see docs/directory.md). */
const mappingsOf = (s: Settings) =>
  JSON.stringify(
    {
      attributeMap: s.attributeMap,
      groupMappings: s.groupMappings,
      privilegeMappings: s.privilegeMappings,
      organizationMappings: s.organizationMappings,
      defaultOrganizationId: s.defaultOrganizationId,
      defaultPrivilegeGroupId: s.defaultPrivilegeGroupId,
    },
    null,
    2,
  );

function SettingsForm({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(settings);
  const [mappings, setMappings] = useState(() => mappingsOf(settings));
  const [password, setPassword] = useState('');
  const [jsonError, setJsonError] = useState<string>();
  useEffect(() => {
    setForm(settings);
    setMappings(mappingsOf(settings));
  }, [settings]);
  const save = useMutation({
    mutationFn: (body: Body) => staffApi.put<Settings>('/api/staff/directory', body),
    onSuccess: () => {
      setPassword('');
      return queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let parsed: Partial<Body>;
    try {
      parsed = JSON.parse(mappings) as Partial<Body>;
      setJsonError(undefined);
    } catch {
      setJsonError('is not valid JSON');
      return;
    }
    const { bindPasswordSet: _p, lastSyncAt: _a, lastSyncError: _e, ...fields } = form;
    save.mutate({ ...fields, ...parsed, ...(password ? { bindPassword: password } : {}) } as Body);
  };
  return (
    <form onSubmit={submit} className="stack">
      <CheckboxField
        label="On"
        hint="Directory contacts sign in with their directory password, and the sync runs on its schedule."
        checked={form.enabled}
        onChange={(enabled) => setForm({ ...form, enabled })}
      />
      {TEXT_FIELDS.map(([key, label, hint]) => (
        <TextField
          key={key}
          label={label}
          hint={hint}
          value={form[key]}
          onChange={(text) => setForm({ ...form, [key]: text })}
        />
      ))}
      <TextField
        label="Service account password"
        hint={settings.bindPasswordSet ? 'Stored. Leave empty to keep it.' : 'Not set.'}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
      />
      <CheckboxField
        label="Create user groups from directory groups"
        hint="Directory groups that no mapping names become user groups kept by the sync (named from their cn, never one an administrator made)."
        checked={form.createGroups.enabled}
        onChange={(enabled) => setForm({ ...form, createGroups: { ...form.createGroups, enabled } })}
      />
      {GROUP_FIELDS.map(([key, label, hint]) => (
        <TextField
          key={key}
          label={label}
          hint={hint}
          value={form.createGroups[key]}
          onChange={(text) => setForm({ ...form, createGroups: { ...form.createGroups, [key]: text } })}
        />
      ))}
      <TextField
        label="Sync every (minutes)"
        type="number"
        min={1}
        value={String(form.syncMinutes)}
        onChange={(text) => setForm({ ...form, syncMinutes: Number(text) })}
      />
      <Field
        label="Mappings"
        hint="Attributes → contact fields; group DNs → user groups and privilege groups; OU DNs → organizations (docs/directory.md)."
        error={jsonError}
      >
        {(control) => (
          <textarea {...control} rows={14} value={mappings} onChange={(e) => setMappings(e.target.value)} />
        )}
      </Field>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <Alert tone="success">Saved.</Alert>}
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>Save</SubmitButton>
      </div>
    </form>
  );
}

function ChangeList({ changes }: { changes: Changes }) {
  // Memberships name their group: an existing one, or one this sync creates.
  const userGroups = useAllUserGroups();
  const names = new Map([
    ...(userGroups.data ?? []).map((g): [string, string] => [g.id, g.name]),
    ...changes.groupsCreated.map((g): [string, string] => [g.userGroupId, g.name]),
  ]);
  const group = (id: string) => names.get(id) ?? `group ${id}`;
  const rows: [string, string[]][] = [
    ['Groups created', changes.groupsCreated.map((g) => `${g.name} (${g.dn})`)],
    ['Groups renamed', changes.groupsRenamed.map((g) => `${g.name ?? g.dn}: ${g.fields.join(', ')}`)],
    ['Contacts created', changes.contactsCreated.map((c) => `${c.name} <${c.email}>`)],
    ['Contacts updated', changes.contactsUpdated.map((c) => `${c.email}: ${c.fields.join(', ')}`)],
    [
      'Contacts disabled',
      changes.contactsDisabled.map((c) => `${c.email} (${c.reason.replaceAll('_', ' ')})`),
    ],
    ['Contacts enabled', changes.contactsEnabled.map((c) => c.email)],
    ['Memberships added', changes.membershipsAdded.map((m) => `${m.email} → ${group(m.userGroupId)}`)],
    ['Memberships removed', changes.membershipsRemoved.map((m) => `${m.email} → ${group(m.userGroupId)}`)],
    ['Skipped', changes.skipped.map((s) => `${s.dn}: ${s.reason}`)],
  ];
  return (
    <DescriptionList
      items={rows.map(([label, list]) => [
        `${label} (${list.length})`,
        list.length ? (
          <ul>
            {list.slice(0, 50).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          'none'
        ),
      ])}
    />
  );
}

function PreviewAndSync({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const preview = useMutation({
    mutationFn: () => staffApi.post<Preview>('/api/staff/directory/preview'),
  });
  const sync = useMutation({
    mutationFn: () =>
      staffApi.post<ApiResponse<'/api/staff/directory/sync', 'post'>>('/api/staff/directory/sync'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  const access = preview.data?.access;
  return (
    <section className="stack">
      <h2>Preview and sync</h2>
      <DescriptionList
        items={[
          ['Last sync', settings.lastSyncAt ? formatDateTime(settings.lastSyncAt) : 'never'],
          ['Last error', settings.lastSyncError ?? 'none'],
        ]}
      />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => preview.mutate()}
          disabled={preview.isPending}
        >
          {preview.isPending ? 'Reading the directory…' : 'Preview a sync'}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => sync.mutate()}
          disabled={sync.isPending || !settings.enabled}
        >
          {sync.isPending ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {preview.isError && <ErrorMessage error={preview.error} />}
      {sync.isError && <ErrorMessage error={sync.error} />}
      {preview.data && access && (
        <>
          <Alert tone="info" title="What a sync would change (nothing saved)">
            <p>
              {access.contactsGaining} contacts would gain access to {access.ticketsGained.tickets} tickets,{' '}
              {access.contactsLosing} would lose access to {access.ticketsLost.tickets}.
            </p>
            {access.samples.gaining.length > 0 && (
              <p>
                Gaining most:{' '}
                {access.samples.gaining.map((s) => `${s.contact.name} (${s.tickets})`).join(', ')}
              </p>
            )}
            {access.samples.losing.length > 0 && (
              <p>
                Losing most: {access.samples.losing.map((s) => `${s.contact.name} (${s.tickets})`).join(', ')}
              </p>
            )}
          </Alert>
          <ChangeList changes={preview.data.changes} />
        </>
      )}
      {sync.data && (
        <>
          <Alert tone="success" title="Synced" />
          <ChangeList changes={sync.data.changes} />
        </>
      )}
    </section>
  );
}

export function DirectoryPage() {
  useDocumentTitle('Directory');
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => staffApi.get<Settings>('/api/staff/directory', undefined, signal),
  });
  return (
    <>
      <PageHeader
        title="Directory"
        subtitle="Sign-in and group membership from LDAP / Active Directory. Preview before switching it on."
      />
      {settings.isPending && <Loading />}
      {settings.isError && <ErrorMessage error={settings.error} />}
      {settings.data && (
        <>
          <SettingsForm settings={settings.data} />
          <PreviewAndSync settings={settings.data} />
        </>
      )}
    </>
  );
}
