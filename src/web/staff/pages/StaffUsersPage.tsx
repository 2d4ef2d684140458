// Staff users: everyone sees the list; administrators create users, change roles and the
// impersonation right, disable and enable, and set passwords.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PasswordField } from '../../shared/PasswordField.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  Alert,
  Badge,
  CheckboxField,
  EmptyState,
  ErrorMessage,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
  type Column,
  TextField,
} from '../../shared/ui.tsx';
import { DisabledBadge, RoleBadge } from '../badges.tsx';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { Role, StaffUser } from '../types.ts';

const usersKey = ['staff', 'staff-users'] as const;

type Draft = { name: string; email: string; role: Role; canImpersonate: boolean; disabled: boolean };

const ROLES: Choice<Role>[] = [
  ['agent', 'Agent'],
  ['admin', 'Administrator'],
];

function RoleField({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return <SelectField label="Role" value={value} onChange={onChange} choices={ROLES} />;
}

function CreateUser({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    name: '',
    email: '',
    role: 'agent',
    canImpersonate: false,
    disabled: false,
  });
  const [password, setPassword] = useState('');
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const create = useMutation({
    mutationFn: () =>
      staffApi.post<StaffUser>('/api/staff/staff-users', {
        name: draft.name,
        email: draft.email,
        role: draft.role,
        canImpersonate: draft.canImpersonate,
        ...(password ? { password } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onDone();
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-user-heading" noValidate>
      <h2 id="new-user-heading">New staff user</h2>
      {create.isError && Object.keys(errors).length === 0 && <ErrorMessage error={create.error} />}
      <div className="form-row">
        <TextField
          label="Name"
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          autoFocus
          value={draft.name}
          onChange={(text) => set('name', text)}
        />
        <TextField
          label="E-mail address"
          error={errors.email ? `The e-mail address ${errors.email}.` : undefined}
          type="email"
          value={draft.email}
          onChange={(text) => set('email', text)}
        />
      </div>
      <div className="form-row">
        <RoleField value={draft.role} onChange={(role) => set('role', role)} />
        <PasswordField
          label="Password (optional)"
          hint="Without one the user cannot sign in until an administrator sets it."
          error={errors.password ? `The password ${errors.password}.` : undefined}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
        />
      </div>
      {draft.role === 'agent' && (
        <CheckboxField
          label="May impersonate contacts (“view portal as”)"
          checked={draft.canImpersonate}
          onChange={(checked) => set('canImpersonate', checked)}
        />
      )}
      <div className="form-actions">
        <SubmitButton busy={create.isPending} busyLabel="Creating…">
          Create staff user
        </SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EditUser({ user, onDone }: { user: StaffUser; onDone: () => void }) {
  const me = useStaffMe();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [user.id]);
  const [draft, setDraft] = useState<Draft>({
    name: user.name,
    email: user.email,
    role: user.role,
    canImpersonate: user.canImpersonate,
    disabled: user.disabled,
  });
  const [password, setPassword] = useState('');
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const save = useMutation({
    mutationFn: () => staffApi.patch<StaffUser>(`/api/staff/staff-users/${user.id}`, draft),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      if (user.id === me.id) await queryClient.invalidateQueries({ queryKey: ['staff', 'me'] });
      onDone();
    },
  });
  const setPw = useMutation({
    mutationFn: () => staffApi.put(`/api/staff/staff-users/${user.id}/password`, { password }),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });
  const errors = fieldErrors(save.error);
  const pwErrors = fieldErrors(setPw.error);
  return (
    <section className="card edit-user" aria-labelledby="edit-user-heading">
      <h2 id="edit-user-heading" ref={headingRef} tabIndex={-1}>
        Edit {user.name}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        {save.isError && Object.keys(errors).length === 0 && <ErrorMessage error={save.error} />}
        <div className="form-row">
          <TextField
            label="Name"
            error={errors.name ? `The name ${errors.name}.` : undefined}
            type="text"
            value={draft.name}
            onChange={(text) => set('name', text)}
          />
          <TextField
            label="E-mail address"
            error={errors.email ? `The e-mail address ${errors.email}.` : undefined}
            type="email"
            value={draft.email}
            onChange={(text) => set('email', text)}
          />
          <RoleField value={draft.role} onChange={(role) => set('role', role)} />
        </div>
        {draft.role === 'agent' && (
          <CheckboxField
            label="May impersonate contacts (“view portal as”)"
            checked={draft.canImpersonate}
            onChange={(checked) => set('canImpersonate', checked)}
          />
        )}
        <CheckboxField
          label="Disabled"
          hint="A disabled user is signed out at once and its API tokens stop working."
          checked={draft.disabled}
          onChange={(checked) => set('disabled', checked)}
        />
        <div className="form-actions">
          <SubmitButton busy={save.isPending}>Save</SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
      <form
        className="stack separated"
        onSubmit={(e) => {
          e.preventDefault();
          if (password) setPw.mutate();
        }}
        noValidate
      >
        <h3 className="sub-heading">Set a new password</h3>
        {setPw.isError && !pwErrors.password && <ErrorMessage error={setPw.error} />}
        {setPw.isSuccess && (
          <Alert tone="success">
            <p>The password is set; {user.name} is signed out of other sessions.</p>
          </Alert>
        )}
        <TextField
          label={`New password for ${user.name}`}
          hint="At least 10 characters, not the user’s name or e-mail."
          error={pwErrors.password ? `The password ${pwErrors.password}.` : undefined}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(text) => {
            setPw.reset();
            setPassword(text);
          }}
        />
        <div className="form-actions">
          <SubmitButton busy={setPw.isPending} tone="secondary">
            Set password
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

export function StaffUsersPage() {
  useDocumentTitle('Staff users');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const list = usePagedList([...usersKey, 'list'], (cursor, signal) =>
    staffApi.get<Page<StaffUser>>('/api/staff/staff-users', { cursor, limit: 50 }, signal),
  );
  const columns: Column<StaffUser>[] = [
    {
      header: 'Name',
      primary: true,
      cell: (u) => (
        <>
          {u.name}
          {u.id === me.id && <span className="muted"> (you)</span>}
        </>
      ),
    },
    { header: 'E-mail', cell: (u) => u.email },
    { header: 'Role', cell: (u) => <RoleBadge role={u.role} /> },
    {
      header: 'Status',
      cell: (u) => (
        <span className="item-badges">
          {u.disabled ? <DisabledBadge /> : <Badge tone="success">Active</Badge>}
          {!u.hasPassword && <Badge tone="warning">No password</Badge>}
          {u.role === 'agent' && u.canImpersonate && <Badge tone="accent">May impersonate</Badge>}
        </span>
      ),
    },
    { header: 'Since', cell: (u) => formatDate(u.createdAt) },
    ...(admin
      ? [
          {
            header: 'Actions',
            cell: (u: StaffUser) => (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => {
                  setCreating(false);
                  setEditing(u);
                }}
              >
                Edit<span className="visually-hidden"> {u.name}</span>
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Staff users"
        subtitle="Agents answer tickets and manage customers; administrators also configure permissions."
        actions={
          admin && !creating ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setEditing(null);
                setCreating(true);
              }}
            >
              New staff user
            </button>
          ) : undefined
        }
      />
      {creating && <CreateUser onDone={() => setCreating(false)} />}
      {editing && <EditUser key={editing.id} user={editing} onDone={() => setEditing(null)} />}
      <PagedTable
        list={list}
        caption="Staff users"
        columns={columns}
        loading="Loading staff users…"
        empty={<EmptyState title="No staff users." />}
      />
    </>
  );
}
