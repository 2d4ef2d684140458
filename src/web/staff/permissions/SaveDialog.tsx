// The one way a permission change is saved: a modal that first shows what the change would do to
// what contacts see (POST /api/staff/access/preview, computed on the server from the pending change
// without saving it), then saves only when the administrator confirms.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ErrorMessage, Loading } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import { plural, useRefreshAfterChange } from './common.tsx';
import { RECORD_KINDS, type AccessChange, type ContactRef, type Preview, type RecordKind } from './types.ts';

export function SaveDialog<R>(props: {
  open: boolean;
  title: string;
  /** What is about to change, in words. */
  summary: ReactNode;
  /** The change to preview; null when it cannot change what anyone sees now (say why in noPreview). */
  change: AccessChange | null;
  noPreview?: ReactNode;
  /** Heading of the numbers; "What this changes" unless said otherwise. */
  previewTitle?: string;
  /** Shown under the numbers. */
  note?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  save: () => Promise<R>;
  onSaved: (result: R) => void;
  onCancel: () => void;
  /** Inputs the dialog itself asks for (a name for a copy, a reason). */
  children?: ReactNode;
  /** Saving is not possible yet (an input is missing). */
  confirmDisabled?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open, change } = props;
  const refresh = useRefreshAfterChange();

  const save = useMutation({
    mutationKey: ['staff', 'permission-change'],
    mutationFn: props.save,
    onSuccess: async (result) => {
      await refresh();
      props.onSaved(result);
    },
  });
  const preview = useQuery({
    queryKey: ['staff', 'access', 'preview', change],
    queryFn: () => staffApi.post<Preview>('/api/staff/access/preview', change),
    enabled: open && change !== null && save.isIdle,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  const { reset } = save;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      reset();
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, reset]);

  const busy = save.isPending;
  const waiting = change !== null && preview.isFetching;
  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) props.onCancel();
      }}
    >
      {open && (
        <>
          <h2 id={titleId}>{props.title}</h2>
          <div className="dialog-body stack">
            <div>{props.summary}</div>
            {props.children}
            <section
              className="preview"
              aria-labelledby={`${titleId}-preview`}
              aria-busy={waiting || undefined}
            >
              <h3 id={`${titleId}-preview`}>{props.previewTitle ?? 'What this changes'}</h3>
              {change === null ? (
                <div className="muted">
                  {props.noPreview ?? 'This change does not alter what any contact can see.'}
                </div>
              ) : preview.isPending || preview.isFetching ? (
                <Loading label="Working out who gains or loses access…" />
              ) : preview.isError ? (
                <ErrorMessage
                  title="The preview could not be worked out"
                  error={preview.error}
                  onRetry={() => void preview.refetch()}
                />
              ) : (
                <PreviewNumbers preview={preview.data} />
              )}
              {props.note && <div className="small muted preview-note">{props.note}</div>}
            </section>
          </div>
          {save.isError && <ErrorMessage title="The change was not saved" error={save.error} />}
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={props.onCancel} disabled={busy}>
              Cancel
            </button>
            <button
              type="button"
              className={`btn btn-${props.tone ?? 'primary'}`}
              onClick={() => save.mutate()}
              disabled={busy || waiting || props.confirmDisabled}
              aria-busy={busy || undefined}
            >
              {busy ? 'Saving…' : props.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

const RECORD_WORDS: Record<RecordKind, [string, string]> = {
  assets: ['asset', 'assets'],
  contracts: ['contract', 'contracts'],
  quotes: ['quote', 'quotes'],
  invoices: ['invoice', 'invoices'],
  payments: ['payment', 'payments'],
  documents: ['document', 'documents'],
};

type Line = { key: string; tone: 'gain' | 'loss'; text: string; pairs?: string };

function gainText(n: number, one: string, many: string, contacts: number) {
  return `+${plural(n, one, many)} ${n === 1 ? 'becomes' : 'become'} visible to ${plural(contacts, 'contact')}`;
}
function lossText(n: number, one: string, many: string, contacts: number) {
  return `−${plural(n, one, many)} ${n === 1 ? 'is' : 'are'} no longer visible to ${plural(contacts, 'contact')}`;
}
const pairsText = (pairs: number, distinct: number, unit: string) =>
  pairs !== distinct ? `${pairs} contact–${unit} pairs in all` : undefined;

/** "+340 tickets become visible to 12 contacts", "−5 tickets are no longer visible to 2 contacts". */
export function PreviewNumbers({ preview }: { preview: Preview }) {
  const lines: Line[] = [];
  if (preview.counted.tickets) {
    if (preview.ticketsGained.pairs > 0)
      lines.push({
        key: 'tickets-gain',
        tone: 'gain',
        text: gainText(preview.ticketsGained.tickets, 'ticket', 'tickets', preview.contactsGaining),
        pairs: pairsText(preview.ticketsGained.pairs, preview.ticketsGained.tickets, 'ticket'),
      });
    if (preview.ticketsLost.pairs > 0)
      lines.push({
        key: 'tickets-loss',
        tone: 'loss',
        text: lossText(preview.ticketsLost.tickets, 'ticket', 'tickets', preview.contactsLosing),
        pairs: pairsText(preview.ticketsLost.pairs, preview.ticketsLost.tickets, 'ticket'),
      });
  }
  const recordSamples: { kind: RecordKind; gaining: Sample[]; losing: Sample[] }[] = [];
  if (preview.records) {
    for (const kind of RECORD_KINDS) {
      const part = preview.records[kind];
      const [one, many] = RECORD_WORDS[kind];
      if (part.recordsGained.pairs > 0)
        lines.push({
          key: `${kind}-gain`,
          tone: 'gain',
          text: gainText(part.recordsGained.records, one, many, part.contactsGaining),
          pairs: pairsText(part.recordsGained.pairs, part.recordsGained.records, one),
        });
      if (part.recordsLost.pairs > 0)
        lines.push({
          key: `${kind}-loss`,
          tone: 'loss',
          text: lossText(part.recordsLost.records, one, many, part.contactsLosing),
          pairs: pairsText(part.recordsLost.pairs, part.recordsLost.records, one),
        });
      recordSamples.push({
        kind,
        gaining: part.samples.gaining.map((s) => ({ contact: s.contact, count: s.records })),
        losing: part.samples.losing.map((s) => ({ contact: s.contact, count: s.records })),
      });
    }
  }
  const what = [preview.counted.tickets ? 'tickets' : '', preview.records ? 'records' : '']
    .filter(Boolean)
    .join(' or ');

  const gaining = preview.samples.gaining.map((s) => ({ contact: s.contact, count: s.tickets }));
  const losing = preview.samples.losing.map((s) => ({ contact: s.contact, count: s.tickets }));
  if (!preview.counted.tickets && !preview.records)
    return (
      <div className="preview-result" role="status">
        <p className="muted">
          The preview counts tickets and organization records; this change affects neither, so there are no
          numbers to show.
        </p>
      </div>
    );
  return (
    <div className="preview-result" role="status">
      {lines.length === 0 ? (
        <p className="preview-none">
          <strong>No change in what contacts can see:</strong> nobody gains or loses any {what || 'record'}.
        </p>
      ) : (
        <ul className="preview-lines">
          {lines.map((line) => (
            <li key={line.key} className={`preview-line preview-${line.tone}`}>
              <span className="preview-sign" aria-hidden="true">
                {line.tone === 'gain' ? '▲' : '▼'}
              </span>
              <span>
                <strong>{line.text}</strong>
                {line.pairs && <span className="muted small"> ({line.pairs})</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {lines.length > 0 && preview.counted.tickets && !lines.some((l) => l.key.startsWith('tickets-')) && (
        <p className="small">Tickets: nobody gains or loses any.</p>
      )}
      {(gaining.length > 0 || losing.length > 0) && (
        <div className="preview-samples">
          <SampleList title="Who gains tickets, for example" unit="ticket" tone="gain" samples={gaining} />
          <SampleList title="Who loses tickets, for example" unit="ticket" tone="loss" samples={losing} />
        </div>
      )}
      {recordSamples
        .filter((r) => r.gaining.length > 0 || r.losing.length > 0)
        .map((r) => (
          <div className="preview-samples" key={r.kind}>
            <SampleList
              title={`Who gains ${RECORD_WORDS[r.kind][1]}`}
              unit={RECORD_WORDS[r.kind][0]}
              tone="gain"
              samples={r.gaining}
            />
            <SampleList
              title={`Who loses ${RECORD_WORDS[r.kind][1]}`}
              unit={RECORD_WORDS[r.kind][0]}
              tone="loss"
              samples={r.losing}
            />
          </div>
        ))}
      <p className="small muted">
        Checked the {plural(preview.affectedContacts, 'contact')} this change can affect. The numbers count
        what contacts can see; whether they may also write (reply, edit, close) is not counted.
      </p>
    </div>
  );
}

type Sample = { contact: ContactRef; count: number };

function SampleList(props: { title: string; unit: string; tone: 'gain' | 'loss'; samples: Sample[] }) {
  if (props.samples.length === 0) return null;
  return (
    <div>
      <h4 className="preview-sample-title">{props.title}</h4>
      <ul className="preview-sample-list">
        {props.samples.map((s) => (
          <li key={s.contact.id}>
            <span className="preview-sample-name">{s.contact.name}</span>{' '}
            <span className={`preview-count preview-${props.tone}`}>
              {props.tone === 'gain' ? '+' : '−'}
              {plural(s.count, props.unit)}
            </span>
            <span className="muted small preview-sample-email">{s.contact.email}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
