// Explain: "Why can … see …?" For a contact and one record, every action with the paths that
// allow it, or the reason it is denied, in words (GET /api/staff/access/explain).
import { Fragment, useCallback, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { Combobox, type ComboboxOption } from '../../shared/Combobox.tsx';
import { Alert, Badge, EmptyState, Field, Loading, useDocumentTitle } from '../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Asset, Ticket } from '../types.ts';
import { ACCESS, LoadError, PERMISSIONS } from '../permissions/common.tsx';
import type { ActionExplanation, Explanation, RecordType } from './types.ts';
import type { ApiItem } from '../../shared/api-types.ts';

const RECORD_TYPES: { type: RecordType; label: string; param: string }[] = [
  { type: 'ticket', label: 'Ticket', param: 'ticketId' },
  { type: 'quote', label: 'Quote', param: 'quoteId' },
  { type: 'invoice', label: 'Invoice', param: 'invoiceId' },
  { type: 'asset', label: 'Asset', param: 'assetId' },
  { type: 'document', label: 'Document', param: 'documentId' },
  { type: 'article', label: 'Knowledge-base article', param: 'articleId' },
];

const isRecordType = (v: string | null): v is RecordType => RECORD_TYPES.some((r) => r.type === v);

const ACTION_LABEL: Record<string, string> = {
  see: 'See it',
  reply: 'Reply',
  editDescription: 'Edit the description',
  close: 'Close and reopen',
  priority: 'Change the priority',
  asset: 'Set the linked asset',
  upload: 'Upload files',
  configNotes: 'Read the configuration notes',
  accept: 'Accept or decline',
  download: 'Download',
};

const PATH_LABEL: Record<string, string> = {
  own: 'Own',
  scope: 'Scope',
  grant: 'Grant',
  public: 'Public',
  group: 'User group',
};

const DENIAL_LABEL: Record<string, string> = {
  contact_disabled: 'Contact disabled',
  no_portal_login: 'No portal access',
  module_not_usable: 'Module not available to it',
  privilege_missing: 'Privilege missing',
  private_ticket: 'Private ticket',
  draft: 'Draft',
  not_published: 'Not published',
  not_public: 'Not public',
  not_reached: 'Out of its reach',
  read_only: 'Read-only',
  unexplained: 'Unexplained',
};

type Quote = ApiItem<'/api/staff/quotes'>;
type Invoice = ApiItem<'/api/staff/invoices'>;
type Doc = ApiItem<'/api/staff/documents'>;
type Article = ApiItem<'/api/staff/kb-articles'>;

const matches = (text: string, ...fields: (string | number)[]) =>
  !text || fields.some((f) => String(f).toLowerCase().includes(text.toLowerCase().replace(/^#/, '')));

/** The record picker: a search for the chosen kind of record. */
function useRecordSearch(type: RecordType) {
  const { index } = useOrganizationIndex();
  const org = useCallback((id: string) => index?.byId.get(id)?.name ?? '', [index]);
  return useCallback(
    async (text: string, signal: AbortSignal): Promise<ComboboxOption[]> => {
      const list = <T,>(path: string, query: Record<string, string | number>) =>
        staffApi.get<Page<T>>(path, query, signal).then((p) => p.items);
      switch (type) {
        case 'ticket':
          return (await list<Ticket>('/api/staff/tickets', { q: text, limit: 12 })).map((t) => ({
            id: t.id,
            label: `#${t.number} ${t.subject}`,
            description: [t.requester.name, t.organization.name, t.private ? 'private' : '', t.status]
              .filter(Boolean)
              .join(' · '),
          }));
        case 'asset':
          return (await list<Asset>('/api/staff/assets', { q: text, limit: 12 })).map((a) => ({
            id: a.id,
            label: a.name,
            description: [a.assetType, a.serialNumber, org(a.organizationId)].filter(Boolean).join(' · '),
          }));
        case 'quote':
          // The quote list has no text search: the latest 100, narrowed here.
          return (await list<Quote>('/api/staff/quotes', { limit: 100 }))
            .filter((q) => matches(text, q.number, q.title))
            .slice(0, 12)
            .map((q) => ({
              id: q.id,
              label: `Quote #${q.number} ${q.title}`,
              description: [q.status, org(q.organizationId)].filter(Boolean).join(' · '),
            }));
        case 'invoice':
          return (await list<Invoice>('/api/staff/invoices', { limit: 100 }))
            .filter((i) => matches(text, i.number, org(i.organizationId)))
            .slice(0, 12)
            .map((i) => ({
              id: i.id,
              label: `Invoice #${i.number}`,
              description: [i.status, org(i.organizationId)].filter(Boolean).join(' · '),
            }));
        case 'document':
          return (await list<Doc>('/api/staff/documents', { q: text, limit: 12 })).map((d) => ({
            id: d.id,
            label: d.title,
            description: [d.public ? 'public' : 'internal', org(d.organizationId)]
              .filter(Boolean)
              .join(' · '),
          }));
        case 'article':
          return (await list<Article>('/api/staff/kb-articles', { q: text, limit: 12 })).map((a) => ({
            id: a.id,
            label: a.title,
            description: [
              a.published ? 'published' : 'draft',
              a.visibility === 'groups' ? 'for some groups' : 'for everyone',
            ].join(' · '),
          }));
      }
    },
    [type, org],
  );
}

export function ExplainPage() {
  useDocumentTitle('Explain access');
  const [params, setParams] = useSearchParams();
  const contactId = params.get('contactId') ?? '';
  const typeParam = params.get('type');
  const type: RecordType = isRecordType(typeParam) ? typeParam : 'ticket';
  const recordId = params.get('id') ?? '';
  const paramName = RECORD_TYPES.find((r) => r.type === type)?.param ?? 'ticketId';

  const explain = useQuery({
    queryKey: ['staff', 'access', 'explain', contactId, type, recordId],
    queryFn: ({ signal }) =>
      staffApi.get<Explanation>('/api/staff/access/explain', { contactId, [paramName]: recordId }, signal),
    enabled: Boolean(contactId && recordId),
    retry: false,
  });

  const urlContact = useContactOption(contactId || null);
  const [contact, setContact] = useState<ComboboxOption | null | undefined>(undefined);
  const [draftType, setDraftType] = useState<RecordType>(type);
  const [record, setRecord] = useState<ComboboxOption | null | undefined>(undefined);
  const [errors, setErrors] = useState<{ contact?: string; record?: string }>({});
  const chosenContact = contact === undefined ? urlContact : contact;
  const urlRecord =
    recordId && draftType === type
      ? { id: recordId, label: explain.data?.record.label ?? 'The chosen record' }
      : null;
  const chosenRecord = record === undefined ? urlRecord : record;
  const search = useRecordSearch(draftType);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      contact: chosenContact ? undefined : 'Choose a contact.',
      record: chosenRecord ? undefined : 'Choose a record.',
    };
    setErrors(next);
    if (!chosenContact || !chosenRecord) return;
    setParams({ contactId: chosenContact.id, type: draftType, id: chosenRecord.id });
  };

  const typeLabel = RECORD_TYPES.find((r) => r.type === draftType)?.label.toLowerCase() ?? 'record';
  return (
    <>
      <div className="section-header">
        <div>
          <h2>Why can … see …?</h2>
          <p className="muted">
            Pick a contact and a record: every action is shown as allowed, with each path that allows it, or
            denied, with the reason. The answer is what the portal itself decides.
          </p>
        </div>
      </div>
      <form className="card explain-form" onSubmit={submit} noValidate>
        <Field label="Contact" error={errors.contact}>
          {(control) => <ContactCombobox control={control} value={chosenContact} onChange={setContact} />}
        </Field>
        <Field label="Kind of record">
          {(control) => (
            <select
              {...control}
              value={draftType}
              onChange={(e) => {
                setDraftType(e.target.value as RecordType);
                setRecord(null);
              }}
            >
              {RECORD_TYPES.map((r) => (
                <option key={r.type} value={r.type}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={RECORD_TYPES.find((r) => r.type === draftType)?.label ?? 'Record'}
          error={errors.record}
          className="explain-record"
        >
          {(control) => (
            <Combobox
              control={control}
              value={chosenRecord}
              onChange={setRecord}
              search={search}
              queryKey={['staff', 'access', 'record-search', draftType]}
              placeholder={draftType === 'ticket' ? 'Subject or #number' : `Search for a ${typeLabel}`}
              clearLabel={typeLabel}
            />
          )}
        </Field>
        <div className="explain-submit">
          <button type="submit" className="btn btn-primary">
            Explain
          </button>
        </div>
      </form>

      {!contactId || !recordId ? (
        <EmptyState title="Choose a contact and a record to see why it can or cannot see it." />
      ) : explain.isPending ? (
        <Loading label="Working out the paths…" />
      ) : explain.isError ? (
        <LoadError what="The explanation" error={explain.error} onRetry={() => void explain.refetch()} />
      ) : (
        <ExplanationView explanation={explain.data} />
      )}
    </>
  );
}

/** "cannot see ticket #31: its privilege group …" → "Its privilege group …": the why, after the verb. */
function why(text: string): string {
  const at = text.indexOf(': ');
  const rest = at >= 0 ? text.slice(at + 2) : text;
  return rest.charAt(0).toUpperCase() + rest.slice(1) + (/[.)]$/.test(rest) ? '' : '.');
}

/** Actions allowed by the same paths, or denied for the same reason, are shown together. */
type ActionGroup = { key: string; allowed: boolean; actions: ActionExplanation[] };

function groupActions(actions: ActionExplanation[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const a of actions) {
    const key = a.allowed
      ? `allowed:${a.paths.map((p) => `${p.kind}/${p.level}/${why(p.text)}`).join('|')}`
      : `denied:${a.denial?.reason}/${why(a.denial?.text ?? '')}`;
    const group = groups.get(key) ?? { key, allowed: a.allowed, actions: [] };
    group.actions.push(a);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function ExplanationView({ explanation }: { explanation: Explanation }) {
  const { contact, record, actions } = explanation;
  const see = actions.find((a) => a.action === 'see');
  const recordLink = record.type === 'ticket' ? `/staff/tickets/${record.id}` : undefined;
  const headline = see?.allowed ? see.paths[0] : see?.denial;
  return (
    <section aria-labelledby="explain-result" className="stack">
      <div className={`card verdict ${see?.allowed ? 'verdict-allowed' : 'verdict-denied'}`}>
        <h2 id="explain-result">
          {contact.name} {see?.allowed ? 'can' : 'cannot'} see{' '}
          {recordLink ? <Link to={recordLink}>{record.label}</Link> : record.label}
        </h2>
        {headline && !see?.allowed && <p>{why(headline.text)}</p>}
        {see?.allowed && see.paths.length > 0 && (
          <p>
            {see.paths.length === 1 ? 'One path' : `${see.paths.length} paths`} let
            {see.paths.length === 1 ? 's' : ''} it see the{' '}
            {record.type === 'article' ? 'article' : record.type}; the actions below say what else it may do.
          </p>
        )}
        <p className="muted small">
          {contact.email} · <Link to={`${ACCESS}/contacts/${contact.id}`}>effective access</Link>
          {contact.maySignIn && (
            <>
              {' '}
              ·{' '}
              <Link to={`${ACCESS}/view-as?contactId=${contact.id}`}>view the portal as {contact.name}</Link>
            </>
          )}
        </p>
        {contact.disabled && (
          <Alert tone="warning" live={false}>
            <p>This contact is disabled: it cannot sign in, so it sees nothing.</p>
          </Alert>
        )}
        {!contact.disabled && !contact.maySignIn && (
          <Alert tone="warning" live={false}>
            <p>This contact cannot sign in to the portal, so it sees nothing.</p>
          </Alert>
        )}
      </div>
      <h2 className="visually-hidden">Every action</h2>
      <ul className="action-list" aria-label={`What ${contact.name} may do with ${record.label}`}>
        {groupActions(actions).map((g) => (
          <ActionGroupItem key={g.key} group={g} />
        ))}
      </ul>
    </section>
  );
}

function ActionGroupItem({ group }: { group: ActionGroup }) {
  const first = group.actions[0];
  if (!first) return null;
  const labels = group.actions.map((a) => ACTION_LABEL[a.action] ?? a.action);
  const fix = fixLink(first);
  return (
    <li className={`action ${group.allowed ? 'action-allowed' : 'action-denied'}`}>
      <div className="action-head">
        <span className="action-verdict">
          {group.allowed ? (
            <Badge tone="success">
              <span aria-hidden="true">✓</span> Allowed
            </Badge>
          ) : (
            <Badge tone="danger">
              <span aria-hidden="true">✕</span> Denied
            </Badge>
          )}
        </span>
        <h3 className="action-name">
          {labels.map((l, i) => (
            <Fragment key={l}>
              {i > 0 && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="visually-hidden">, </span>
                </>
              )}
              <span className="action-label">{l}</span>
            </Fragment>
          ))}
        </h3>
      </div>
      {group.allowed ? (
        <ul className="path-list" aria-label={`Why: ${labels.join(', ')}`}>
          {first.paths.map((p, i) => (
            <li key={i}>
              <Badge tone={p.kind === 'grant' ? 'accent' : p.kind === 'own' ? 'success' : 'info'}>
                {PATH_LABEL[p.kind] ?? p.kind} · {p.level === 'write' ? 'write' : 'read'}
              </Badge>{' '}
              {why(p.text)}
            </li>
          ))}
        </ul>
      ) : (
        first.denial && (
          <p className="denial">
            <Badge tone="neutral">{DENIAL_LABEL[first.denial.reason] ?? first.denial.reason}</Badge>{' '}
            {why(first.denial.text)}
            {fix && (
              <>
                {' '}
                <Link to={fix.to}>{fix.label}</Link>
              </>
            )}
          </p>
        )
      )}
    </li>
  );
}

/** Where to change what denies the action, when the answer names it. */
function fixLink(action: ActionExplanation): { to: string; label: string } | undefined {
  const d = action.denial;
  if (!d) return undefined;
  const group = d.data.privilegeGroup as { id?: string; name?: string } | undefined;
  if ((d.reason === 'privilege_missing' || d.reason === 'no_portal_login') && group?.id)
    return {
      to: `${PERMISSIONS}/privilege-groups/${group.id}`,
      label: `Open “${group.name ?? 'the privilege group'}”`,
    };
  if (d.reason === 'module_not_usable')
    return { to: `${PERMISSIONS}/modules`, label: 'Open module visibility' };
  if (d.reason === 'not_reached') {
    const grants = (d.data.grants as { grantId: string; live: boolean }[] | undefined) ?? [];
    const expired = grants.find((g) => !g.live);
    if (expired)
      return { to: `${PERMISSIONS}/access-grants/${expired.grantId}`, label: 'Open the expired grant' };
  }
  return undefined;
}
