// The audit log (administrators): newest first, filtered by entity type, actor, action, time range
// or one record (sign-ins on request), keyset "load more", the same filters as a CSV file; each
// change shows its before and after as a diff.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { ResetFiltersButton, useUrlFilters } from '../../shared/filters.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { namedChoices, SelectField, type Choice } from '../../shared/SelectField.tsx';
import {
  Badge,
  CheckboxField,
  EmptyState,
  Field,
  PageHeader,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { ListMore, PagedList } from '../../shared/lists.tsx';
import { AuditDiff } from '../components/AuditDiff.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { useContact, useOrganizationIndex, useStaffUsers } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { AuditEntry } from '../types.ts';
import { ACTION_LABELS, actionLabel, ENTITY_LABELS, entityLabel, SIGN_IN_ACTIONS } from '../audit-labels.ts';

const LINKS: Record<string, (id: string) => string> = {
  contact: (id) => `/staff/contacts/${id}`,
  organization: (id) => `/staff/organizations/${id}`,
  ticket: (id) => `/staff/tickets/${id}`,
};

const ACTOR_TYPES: Record<AuditEntry['actorType'], string> = {
  staff: 'Staff',
  contact: 'Contact',
  system: 'System',
  anonymous: 'Without a session',
};

/** A readable name of the record: "#31 Projector…", a name or an e-mail address, when recorded. */
function entityTitle(entry: AuditEntry): string | undefined {
  const record = (entry.after ?? entry.before) as Record<string, unknown> | null;
  if (!record || typeof record !== 'object') return undefined;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  if (typeof record.number === 'number' && text('subject')) return `#${record.number} ${text('subject')}`;
  const nameOf = (key: string) => {
    const value = record[key];
    return value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string'
      ? (value as { name: string }).name
      : undefined;
  };
  // An access grant: "Kevin Walsh → Almond School Staff".
  if (nameOf('contact') && nameOf('userGroup')) return `${nameOf('contact')} → ${nameOf('userGroup')}`;
  return text('name') ?? text('title') ?? text('email') ?? text('filename');
}

/** The name of a contact the entry does not record (an invitation, an impersonation). */
function ContactName({ id }: { id: string }) {
  const contact = useContact(id);
  return <>{contact.data?.name ?? ''}</>;
}

function Entry({ entry, staffName }: { entry: AuditEntry; staffName: (id: string) => string | undefined }) {
  const { index } = useOrganizationIndex();
  const link = entry.entityId ? LINKS[entry.entityType]?.(entry.entityId) : undefined;
  const id = entry.entityId;
  const title: ReactNode =
    entityTitle(entry) ??
    (id && entry.entityType === 'staff_user' ? (
      staffName(id)
    ) : id && entry.entityType === 'organization' ? (
      index?.byId.get(id)?.name
    ) : id && entry.entityType === 'contact' ? (
      <ContactName id={id} />
    ) : undefined);
  const failed = entry.action === 'sign_in_failed';
  return (
    <li className="audit-entry">
      <div className="audit-head">
        <span className="audit-action">
          <Badge tone={failed ? 'danger' : entry.action.startsWith('impersonat') ? 'accent' : 'neutral'}>
            {actionLabel(entry.action)}
          </Badge>{' '}
          <span className="strong">{entityLabel(entry.entityType)}</span>{' '}
          {title && (link ? <Link to={link}>{title}</Link> : <span>{title}</span>)}{' '}
          {entry.entityId &&
            (link && !title ? (
              <Link to={link} className="mono small">
                {entry.entityId.slice(0, 8)}…<span className="visually-hidden"> (open the record)</span>
              </Link>
            ) : (
              <span className="mono small muted" title={entry.entityId}>
                {entry.entityId.slice(0, 8)}…
              </span>
            ))}
        </span>
        <time className="muted small" dateTime={entry.at} title={formatDateTime(entry.at)}>
          {formatDateTime(entry.at)} ({formatRelative(entry.at)})
        </time>
      </div>
      <p className="audit-who small">
        <span className="muted">{ACTOR_TYPES[entry.actorType]}:</span> {entry.actorLabel || '—'}
        {entry.impersonatorStaffId && (
          <>
            {' '}
            <Badge tone="accent">
              impersonated by {staffName(entry.impersonatorStaffId) ?? 'a staff user'}
            </Badge>
          </>
        )}
        <span className="muted"> · from {entry.ip}</span>
      </p>
      <AuditDiff before={entry.before} after={entry.after} />
    </li>
  );
}

/** The choices of a code filter in words, sorted by them; a code set in the address but unknown here stays choosable. */
function labelledChoices(labels: Record<string, string>, current: string, label: (code: string) => string) {
  const codes = Object.keys(labels);
  if (current && !codes.includes(current)) codes.push(current);
  return codes.map((code): Choice => [code, label(code)]).sort((x, y) => x[1].localeCompare(y[1]));
}

/** A filter on a code of the log (entity type, action), chosen by its words. */
function CodeFilter(props: {
  filters: ReturnType<typeof useUrlFilters>;
  param: string;
  label: string;
  empty: string;
  labels: Record<string, string>;
  labelOf: (code: string) => string;
}) {
  const value = props.filters.get(props.param);
  return (
    <SelectField
      label={props.label}
      value={value}
      onChange={(code) => props.filters.set({ [props.param]: code })}
      empty={props.empty}
      choices={labelledChoices(props.labels, value, props.labelOf)}
    />
  );
}

/** A day picked in the form (local time) as the instant it starts; `next` gives the day after's start. */
function dayStart(day: string, next = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

/** The list's query and the file's: the address's filters as the API takes them. */
function apiFilter(filters: ReturnType<typeof useUrlFilters>) {
  const query: Record<string, string> = {};
  for (const key of ['entityType', 'action', 'actorId', 'entityId'])
    if (filters.get(key)) query[key] = filters.get(key);
  const from = dayStart(filters.get('from'));
  const to = dayStart(filters.get('to'), true);
  if (from) query.from = from;
  if (to) query.to = to;
  if (filters.get('signIns') === 'true') query.signIns = 'true';
  return query;
}

export function AuditPage() {
  useDocumentTitle('Audit log');
  const filters = useUrlFilters();
  const entityType = filters.get('entityType');
  const action = filters.get('action');
  const actorId = filters.get('actorId');
  const entityId = filters.get('entityId');
  const from = filters.get('from');
  const to = filters.get('to');
  const signIns = filters.get('signIns') === 'true' || SIGN_IN_ACTIONS.includes(action);
  const staff = useStaffUsers();
  const staffById = new Map((staff.data ?? []).map((u) => [u.id, u]));
  const actorIsStaff = !actorId || staffById.has(actorId) || staff.isPending;
  const contactActor = useContactOption(actorId && !actorIsStaff ? actorId : null);

  const filter = apiFilter(filters);
  const list = usePagedList(['staff', 'audit', filter], (cursor, signal) =>
    staffApi.get<Page<AuditEntry>>('/api/staff/audit', { ...filter, cursor, limit: 25 }, signal),
  );
  const filtered = Boolean(entityType || action || actorId || entityId || from || to);
  const backwards = Boolean(from && to && from > to);

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Who changed what, and when; impersonation; sign-ins on request. Newest first."
      />
      <section aria-label="Filters" className="filters card">
        <div className="filter-grid">
          <CodeFilter
            filters={filters}
            param="entityType"
            label="What"
            empty="Everything"
            labels={ENTITY_LABELS}
            labelOf={entityLabel}
          />
          <CodeFilter
            filters={filters}
            param="action"
            label="Action"
            empty="Any action"
            labels={ACTION_LABELS}
            labelOf={actionLabel}
          />
          <SelectField
            label="By staff user"
            value={actorIsStaff ? actorId : ''}
            onChange={(id) => filters.set({ actorId: id })}
            empty="Anyone"
            choices={namedChoices(staff.data)}
          />
          <Field label="Or by contact">
            {(control) => (
              <ContactCombobox
                control={control}
                value={contactActor}
                onChange={(option) => filters.set({ actorId: option?.id ?? '' })}
                placeholder="Any contact"
              />
            )}
          </Field>
          <TextField
            label="From (day)"
            type="date"
            value={from}
            max={to || undefined}
            onChange={(day) => filters.set({ from: day })}
          />
          <TextField
            label="To (day, included)"
            type="date"
            value={to}
            min={from || undefined}
            error={backwards ? 'The end comes before the start.' : undefined}
            onChange={(day) => filters.set({ to: day })}
          />
        </div>
        <CheckboxField
          label="Show sign-ins"
          hint="Sign-ins and failed sign-ins are many; they are left out unless you ask for them (or pick a sign-in action)."
          checked={signIns}
          onChange={(checked) => filters.set({ signIns: checked ? 'true' : '' })}
        />
        <div className="form-actions">
          <a
            className="btn btn-secondary"
            href={`/api/staff/audit/export.csv?${new URLSearchParams(filter).toString()}`}
            download
          >
            Download these entries (CSV)
          </a>
          {(filtered || signIns) && <ResetFiltersButton filters={filters} />}
        </div>
        {entityId && (
          <p className="muted small" role="status">
            Only the record <span className="mono">{entityId}</span>.{' '}
            <button
              type="button"
              className="btn btn-link btn-small"
              onClick={() => filters.set({ entityId: '' })}
            >
              Show every record
            </button>
          </p>
        )}
      </section>
      <h2 className="visually-hidden">Entries</h2>
      {backwards ? (
        <EmptyState title="The end of the range comes before its start." />
      ) : (
        <PagedList
          list={list}
          loading="Loading the audit log…"
          empty={
            <EmptyState title={filtered ? 'No entries match these filters.' : 'The audit log is empty.'} />
          }
        >
          <>
            <ol className="audit-list">
              {list.items.map((entry) => (
                <Entry key={entry.id} entry={entry} staffName={(id) => staffById.get(id)?.name} />
              ))}
            </ol>
            <ListMore list={list} label="Load older entries" />
          </>
        </PagedList>
      )}
    </>
  );
}
