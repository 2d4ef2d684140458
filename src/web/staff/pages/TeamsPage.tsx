// Staff teams (permission model §6b): administrators create teams, choose their members, whether
// they see every ticket, and how new tickets of the team are assigned; agents see their own teams.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import {
  CheckboxField,
  EmptyState,
  ErrorMessage,
  PageHeader,
  SubmitButton,
  TextField,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { DefaultTeamForm } from '../components/DefaultTeamForm.tsx';
import { deskSettingsKey, useDeskSettings } from '../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { StaffUser, Team, TeamInput } from '../types.ts';

const teamsKey = ['staff', 'teams'] as const;

type AutoAssign = NonNullable<TeamInput['autoAssign']>;
const AUTO_ASSIGN: Choice<AutoAssign>[] = [
  ['none', 'No automatic assignment'],
  ['round_robin', 'Round robin'],
  ['least_loaded', 'Least loaded'],
];
const autoAssignLabel = (a: AutoAssign) => AUTO_ASSIGN.find(([v]) => v === a)?.[1] ?? a;

type Draft = { name: string; seesAllTickets: boolean; autoAssign: AutoAssign; memberIds: string[] };
const draftOf = (t: Team | null): Draft => ({
  name: t?.name ?? '',
  seesAllTickets: t?.seesAllTickets ?? false,
  autoAssign: t?.autoAssign ?? 'none',
  memberIds: t?.members.map((m) => m.id) ?? [],
});

/** Create (team null) or edit a team; members are chosen among the enabled staff users. */
function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(team));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const users = useQuery({
    queryKey: ['staff', 'staff-users', 'enabled'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<StaffUser>>('/api/staff/staff-users', { disabled: 'false', limit: 100 }, signal),
  });
  const save = useMutation({
    mutationFn: () =>
      team
        ? staffApi.patch<Team>(`/api/staff/teams/${team.id}`, draft)
        : staffApi.post<Team>('/api/staff/teams', draft),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsKey });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const heading = team ? `Edit team ${team.name}` : 'New team';
  return (
    <form className="card" onSubmit={submit} aria-label={heading} noValidate>
      <h2>{heading}</h2>
      {save.isError && Object.keys(errors).length === 0 && <ErrorMessage error={save.error} />}
      <TextField
        label="Name"
        type="text"
        value={draft.name}
        error={errors.name ? `The name ${errors.name}.` : undefined}
        onChange={(v) => set('name', v)}
      />
      <CheckboxField
        label="Members see every ticket"
        hint="Otherwise a member sees the team's tickets, the tickets assigned to it and the tickets with no team."
        checked={draft.seesAllTickets}
        onChange={(checked) => set('seesAllTickets', checked)}
      />
      <SelectField
        label="New tickets of the team"
        value={draft.autoAssign}
        onChange={(v) => set('autoAssign', v)}
        choices={AUTO_ASSIGN}
      />
      <fieldset className="field">
        <legend>Members</legend>
        {users.isError && <ErrorMessage error={users.error} />}
        {(users.data?.items ?? []).map((u) => (
          <CheckboxField
            key={u.id}
            label={`${u.name} (${u.email})`}
            checked={draft.memberIds.includes(u.id)}
            onChange={(checked) =>
              set(
                'memberIds',
                checked ? [...draft.memberIds, u.id] : draft.memberIds.filter((id) => id !== u.id),
              )
            }
          />
        ))}
      </fieldset>
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{team ? 'Save team' : 'Create team'}</SubmitButton>
        <button type="button" className="btn btn-link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The desk's default team: tickets of organizations that name none (docs/desk.md). */
function DeskDefaultTeam() {
  const settings = useDeskSettings();
  const queryClient = useQueryClient();
  if (!settings.data) return null;
  return (
    <section className="card">
      <DefaultTeamForm
        heading="Default team of the desk"
        hint="Tickets contacts open (portal or mail) go to this team when their organization, and its parents, name none; its auto-assignment then runs."
        emptyLabel="No team"
        teamId={settings.data.defaultTeam?.id ?? null}
        save={async (defaultTeamId) => {
          await staffApi.put('/api/staff/desk-settings', { defaultTeamId });
          await queryClient.invalidateQueries({ queryKey: deskSettingsKey });
        }}
      />
    </section>
  );
}

export function TeamsPage() {
  useDocumentTitle('Teams');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const list = usePagedList([...teamsKey], (cursor, signal) =>
    staffApi.get<Page<Team>>('/api/staff/teams', { cursor, limit: 50 }, signal),
  );
  const remove = useMutation({
    mutationFn: (id: string) => staffApi.delete(`/api/staff/teams/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
  const columns: Column<Team>[] = [
    { header: 'Team', primary: true, cell: (t) => t.name },
    { header: 'Members', cell: (t) => t.members.map((m) => m.name).join(', ') || '–' },
    { header: 'Sees', cell: (t) => (t.seesAllTickets ? 'Every ticket' : 'Its own tickets') },
    { header: 'New tickets', cell: (t) => autoAssignLabel(t.autoAssign) },
  ];
  if (admin)
    columns.push({
      header: 'Actions',
      cell: (t) => (
        <>
          <button type="button" className="btn btn-link" onClick={() => setEditing(t)}>
            Edit <span className="visually-hidden">{t.name}</span>
          </button>
          <button
            type="button"
            className="btn btn-link"
            onClick={() => {
              if (
                window.confirm(
                  `Delete the team ${t.name}? Its tickets keep their assignee and lose the team.`,
                )
              )
                remove.mutate(t.id);
            }}
          >
            Delete <span className="visually-hidden">{t.name}</span>
          </button>
        </>
      ),
    });
  return (
    <>
      <PageHeader
        title="Teams"
        subtitle={
          admin
            ? 'Agents see the tickets of their teams, the tickets assigned to them and the tickets with no team.'
            : 'Your teams.'
        }
        actions={
          admin &&
          editing === null && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              New team
            </button>
          )
        }
      />
      {remove.isError && <ErrorMessage error={remove.error} />}
      {admin && <DeskDefaultTeam />}
      {editing !== null && (
        <TeamForm
          key={editing === 'new' ? 'new' : editing.id}
          team={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <PagedTable
        list={list}
        caption="Teams"
        columns={columns}
        loading="Loading teams…"
        empty={
          <EmptyState title="No teams yet.">
            <p>Without teams every agent sees every ticket.</p>
          </EmptyState>
        }
      />
    </>
  );
}
