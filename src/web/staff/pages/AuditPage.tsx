// The audit log (administrators): newest first, filtered by entity type, actor, action or one
// record, keyset "load more"; each change shows its before and after as a diff.
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { ResetFiltersButton, useDraft, useUrlFilters } from '../../shared/filters.tsx';
import { formatDateTime, formatRelative, humanize } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { namedChoices, SelectField } from '../../shared/SelectField.tsx';
import { Badge, EmptyState, Field, PageHeader, useDocumentTitle, TextField } from '../../shared/ui.tsx';
import { ListMore, PagedList } from '../../shared/lists.tsx';
import { AuditDiff } from '../components/AuditDiff.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { useContact, useOrganizationIndex, useStaffUsers } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { AuditEntry } from '../types.ts';

const ENTITY_TYPES = [
  'access_grant',
  'api_token',
  'asset',
  'attachment',
  'charge',
  'contact',
  'contract',
  'document',
  'invoice',
  'kb_article',
  'module_visibility',
  'organization',
  'payment',
  'portal_request',
  'privilege_group',
  'quote',
  'session',
  'staff_user',
  'ticket',
  'ticket_email',
  'user_group',
];

const ACTIONS = [
  'create',
  'update',
  'delete',
  'sign_in',
  'sign_in_failed',
  'impersonation_start',
  'impersonation_stop',
  'impersonated_request',
  'invite',
  'password_set',
  'password_changed',
  'password_set_by_link',
  'password_reset_requested',
  'import',
  'revoke',
  'copy',
  'make_default',
  'add_contact',
  'remove_contact',
  'set_organization',
  'remove_organization',
  'email_members',
  'download',
  'accept',
  'send',
];

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
            {humanize(entry.action)}
          </Badge>{' '}
          <span className="strong">{humanize(entry.entityType)}</span>{' '}
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

export function AuditPage() {
  useDocumentTitle('Audit log');
  const filters = useUrlFilters();
  const entityType = filters.get('entityType');
  const action = filters.get('action');
  const actorId = filters.get('actorId');
  const entityId = filters.get('entityId');
  const [typeText, setTypeText] = useDraft(entityType);
  const [actionText, setActionText] = useDraft(action);
  const staff = useStaffUsers();
  const staffById = new Map((staff.data ?? []).map((u) => [u.id, u]));
  const actorIsStaff = !actorId || staffById.has(actorId) || staff.isPending;
  const contactActor = useContactOption(actorId && !actorIsStaff ? actorId : null);

  const filter = { entityType, action, actorId, entityId };
  const list = usePagedList(['staff', 'audit', filter], (cursor, signal) =>
    staffApi.get<Page<AuditEntry>>('/api/staff/audit', { ...filter, cursor, limit: 25 }, signal),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    filters.set({ entityType: typeText.trim(), action: actionText.trim() });
  };
  const filtered = Boolean(entityType || action || actorId || entityId);

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Who changed what, sign-ins and failed sign-ins, and impersonation. Newest first."
      />
      <section aria-label="Filters" className="filters card">
        <form onSubmit={submit}>
          <div className="filter-grid">
            <TextField
              label="Entity type"
              type="text"
              suggestions={ENTITY_TYPES}
              value={typeText}
              onChange={setTypeText}
            />
            <TextField
              label="Action"
              type="text"
              suggestions={ACTIONS}
              value={actionText}
              onChange={setActionText}
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
          </div>
          <p className="muted small">
            Entity types and actions are the names the log uses, such as <code>contact</code>,{' '}
            <code>ticket</code>, <code>update</code> or <code>sign_in_failed</code>; suggestions appear as you
            type.
          </p>
          <div className="form-actions">
            <button type="submit" className="btn btn-secondary">
              Apply filters
            </button>
            {filtered && <ResetFiltersButton filters={filters} />}
          </div>
        </form>
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
      <PagedList
        list={list}
        loading="Loading the audit log…"
        empty={
          <EmptyState title={filtered ? 'No entries match these filters.' : 'The audit log is empty.'}>
            {filtered && <p>Entity types and actions must match exactly, such as “contact” or “update”.</p>}
          </EmptyState>
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
    </>
  );
}
