// SLAs (docs/desk.md, "SLAs"): business-hour calendars and the policies that give tickets their
// first-response and resolution due times. Administrators write them; agents read them.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { SelectField } from '../../shared/SelectField.tsx';
import {
  CheckboxField,
  EmptyState,
  ErrorMessage,
  Field,
  PageHeader,
  SubmitButton,
  TextField,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { PRIORITIES, priorityLabel } from '../badges.tsx';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { SlaCalendar, SlaCalendarInput, SlaPolicy, SlaPolicyInput } from '../types.ts';

const slaKey = ['staff', 'sla'] as const;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "08:00-12:00, 13:00-17:00" ⇄ [['08:00','12:00'], ['13:00','17:00']]. */
const dayText = (day: string[][]) => day.map(([a, b]) => `${a}-${b}`).join(', ');
const dayIntervals = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split('-').map((time) => time.trim()) as [string, string]);

/** Creates a calendar, or edits `calendar` (PATCH): one form, the API's 422s shown at their field. */
function CalendarForm({ calendar, onDone }: { calendar?: SlaCalendar; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timeZone, setTimeZone] = useState(calendar?.timeZone ?? 'Europe/Berlin');
  const [days, setDays] = useState<string[]>(() =>
    calendar ? calendar.hours.map(dayText) : DAYS.map((_, i) => (i < 5 ? '08:00-17:00' : '')),
  );
  const [holidays, setHolidays] = useState(calendar?.holidays.join(' ') ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body: SlaCalendarInput = {
        name,
        timeZone,
        hours: days.map(dayIntervals),
        holidays: holidays.split(/[\s,]+/).filter(Boolean),
      };
      return calendar
        ? staffApi.patch<SlaCalendar>(`/api/staff/sla/calendars/${calendar.id}`, body)
        : staffApi.post<SlaCalendar>('/api/staff/sla/calendars', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: slaKey });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const title = calendar ? `Edit calendar ${calendar.name}` : 'New calendar';
  return (
    <form className="card" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      {save.isError && <ErrorMessage error={save.error} />}
      <TextField label="Name" value={name} error={errors.name} onChange={setName} />
      <TextField label="Time zone" value={timeZone} error={errors.timeZone} onChange={setTimeZone} />
      {DAYS.map((day, i) => (
        <TextField
          key={day}
          label={day}
          hint="Business hours, e.g. 08:00-12:00, 13:00-17:00 (empty: closed)"
          value={days[i] ?? ''}
          error={Object.entries(errors).find(([path]) => path.startsWith(`hours.${i}`))?.[1]}
          onChange={(v) => setDays((d) => d.map((x, j) => (j === i ? v : x)))}
        />
      ))}
      <TextField
        label="Holidays"
        hint="Dates without business hours, e.g. 2026-12-24 2026-12-25"
        value={holidays}
        error={Object.entries(errors).find(([path]) => path.startsWith('holidays'))?.[1]}
        onChange={setHolidays}
      />
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{calendar ? 'Save calendar' : 'Create calendar'}</SubmitButton>
        <button type="button" className="btn btn-link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type Minutes = Record<string, { firstResponse: string; resolution: string }>;
const minutesOrNull = (text: string) => (text.trim() ? Number(text) : null);

const minutesText = (n: number | null | undefined) => (n == null ? '' : String(n));

/**
 * Creates a policy, or edits `policy` (PATCH): one form, the API's 422s shown at their field. The
 * form picks one organization; editing a policy with several leaves them as they are unless the
 * choice is changed.
 */
function PolicyForm({ policy, onDone }: { policy?: SlaPolicy; onDone: () => void }) {
  const queryClient = useQueryClient();
  const firstOrganization = policy?.organizations[0]?.id ?? '';
  const [name, setName] = useState(policy?.name ?? '');
  const [calendarId, setCalendarId] = useState(policy?.calendar.id ?? '');
  const [isDefault, setIsDefault] = useState(policy?.isDefault ?? false);
  const [organizationId, setOrganizationId] = useState(firstOrganization);
  const [targets, setTargets] = useState<Minutes>(() =>
    Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        {
          firstResponse: minutesText(policy?.targets[p]?.firstResponse),
          resolution: minutesText(policy?.targets[p]?.resolution),
        },
      ]),
    ),
  );
  const calendars = useQuery({
    queryKey: [...slaKey, 'calendars', 'all'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<SlaCalendar>>('/api/staff/sla/calendars', { limit: 100 }, signal),
  });
  const save = useMutation({
    mutationFn: () => {
      const body: SlaPolicyInput = {
        name,
        calendarId,
        isDefault,
        ...(!policy || organizationId !== firstOrganization
          ? { organizationIds: organizationId ? [organizationId] : [] }
          : {}),
        targets: Object.fromEntries(
          Object.entries(targets).map(([p, t]) => [
            p,
            { firstResponse: minutesOrNull(t.firstResponse), resolution: minutesOrNull(t.resolution) },
          ]),
        ),
      };
      return policy
        ? staffApi.patch<SlaPolicy>(`/api/staff/sla/policies/${policy.id}`, body)
        : staffApi.post<SlaPolicy>('/api/staff/sla/policies', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: slaKey });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const setTarget = (p: string, key: 'firstResponse' | 'resolution', v: string) =>
    setTargets((all) => ({ ...all, [p]: { firstResponse: '', resolution: '', ...all[p], [key]: v } }));
  const title = policy ? `Edit policy ${policy.name}` : 'New policy';
  return (
    <form className="card" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      {save.isError && <ErrorMessage error={save.error} />}
      <TextField label="Name" value={name} error={errors.name} onChange={setName} />
      <SelectField
        label="Calendar"
        value={calendarId}
        empty="Choose a calendar…"
        error={errors.calendarId}
        onChange={setCalendarId}
        choices={(calendars.data?.items ?? []).map((c) => [c.id, c.name])}
      />
      <CheckboxField
        label="Default policy"
        hint="For organizations that neither have a policy nor inherit one from a parent organization."
        checked={isDefault}
        onChange={setIsDefault}
      />
      <Field
        label="Organization"
        hint={
          policy && policy.organizations.length > 1
            ? `Now: ${policy.organizations.map((o) => o.name).join(', ')}. Choosing another replaces them all.`
            : 'Its sub-organizations inherit the policy unless they have their own.'
        }
        error={errors['organizationIds.0']}
      >
        {(control) => (
          <OrganizationSelect
            control={control}
            value={organizationId}
            emptyLabel="None"
            onChange={setOrganizationId}
          />
        )}
      </Field>
      {PRIORITIES.map((p) => (
        <fieldset key={p} className="field">
          <legend>{priorityLabel(p)}: business minutes</legend>
          <TextField
            label="First response"
            inputMode="numeric"
            value={targets[p]?.firstResponse ?? ''}
            error={errors[`targets.${p}.firstResponse`]}
            onChange={(v) => setTarget(p, 'firstResponse', v)}
          />
          <TextField
            label="Resolution"
            inputMode="numeric"
            value={targets[p]?.resolution ?? ''}
            error={errors[`targets.${p}.resolution`]}
            onChange={(v) => setTarget(p, 'resolution', v)}
          />
        </fieldset>
      ))}
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{policy ? 'Save policy' : 'Create policy'}</SubmitButton>
        <button type="button" className="btn btn-link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const targetText = (p: SlaPolicy) =>
  PRIORITIES.flatMap((priority) => {
    const t = p.targets[priority];
    if (!t || (t.firstResponse === null && t.resolution === null)) return [];
    return [`${priorityLabel(priority)}: ${t.firstResponse ?? '–'} / ${t.resolution ?? '–'} min`];
  }).join('; ') || '–';

export function SlaPage() {
  useDocumentTitle('SLAs');
  const admin = isAdmin(useStaffMe());
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<
    { kind: 'calendar'; calendar?: SlaCalendar } | { kind: 'policy'; policy?: SlaPolicy } | null
  >(null);
  const calendars = usePagedList([...slaKey, 'calendars'], (cursor, signal) =>
    staffApi.get<Page<SlaCalendar>>('/api/staff/sla/calendars', { cursor, limit: 50 }, signal),
  );
  const policies = usePagedList([...slaKey, 'policies'], (cursor, signal) =>
    staffApi.get<Page<SlaPolicy>>('/api/staff/sla/policies', { cursor, limit: 50 }, signal),
  );
  const remove = useMutation({
    mutationFn: (path: string) => staffApi.delete(path),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKey }),
  });
  const editButton = (name: string, edit: () => void) => (
    <button type="button" className="btn btn-link" onClick={edit}>
      Edit <span className="visually-hidden">{name}</span>
    </button>
  );
  const deleteButton = (path: string, name: string) =>
    admin && (
      <button
        type="button"
        className="btn btn-link"
        onClick={() => window.confirm(`Delete ${name}?`) && remove.mutate(path)}
      >
        Delete <span className="visually-hidden">{name}</span>
      </button>
    );
  const calendarColumns: Column<SlaCalendar>[] = [
    { header: 'Calendar', primary: true, cell: (c) => c.name },
    { header: 'Time zone', cell: (c) => c.timeZone },
    {
      header: 'Hours',
      cell: (c) =>
        c.hours
          .map((day, i) => (day.length ? `${DAYS[i]?.slice(0, 3)} ${dayText(day)}` : ''))
          .filter(Boolean)
          .join('; '),
    },
    { header: 'Holidays', cell: (c) => c.holidays.join(', ') || '–' },
    {
      header: 'Actions',
      cell: (c) =>
        admin && (
          <>
            {editButton(c.name, () => setEditing({ kind: 'calendar', calendar: c }))}
            {deleteButton(`/api/staff/sla/calendars/${c.id}`, c.name)}
          </>
        ),
    },
  ];
  const policyColumns: Column<SlaPolicy>[] = [
    { header: 'Policy', primary: true, cell: (p) => `${p.name}${p.isDefault ? ' (default)' : ''}` },
    { header: 'Calendar', cell: (p) => p.calendar.name },
    { header: 'Targets (first response / resolution)', cell: targetText },
    { header: 'Organizations', cell: (p) => p.organizations.map((o) => o.name).join(', ') || '–' },
    {
      header: 'Actions',
      cell: (p) =>
        admin && (
          <>
            {editButton(p.name, () => setEditing({ kind: 'policy', policy: p }))}
            {deleteButton(`/api/staff/sla/policies/${p.id}`, p.name)}
          </>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        title="SLAs"
        subtitle="Due times for the first response and the resolution, in business time; the clock stops while a ticket waits on the customer."
        actions={
          admin &&
          editing === null && (
            <>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => setEditing({ kind: 'calendar' })}
              >
                New calendar
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => setEditing({ kind: 'policy' })}
              >
                New policy
              </button>
            </>
          )
        }
      />
      {remove.isError && <ErrorMessage error={remove.error} />}
      {editing?.kind === 'calendar' && (
        <CalendarForm
          key={editing.calendar?.id ?? 'new'}
          calendar={editing.calendar}
          onDone={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'policy' && (
        <PolicyForm
          key={editing.policy?.id ?? 'new'}
          policy={editing.policy}
          onDone={() => setEditing(null)}
        />
      )}
      <PagedTable
        list={policies}
        caption="Policies"
        columns={policyColumns}
        loading="Loading policies…"
        empty={<EmptyState title="No policies yet.">Tickets have no due times.</EmptyState>}
      />
      <PagedTable
        list={calendars}
        caption="Calendars"
        columns={calendarColumns}
        loading="Loading calendars…"
        empty={
          <EmptyState title="No calendars yet.">A policy needs a calendar of business hours.</EmptyState>
        }
      />
    </>
  );
}
