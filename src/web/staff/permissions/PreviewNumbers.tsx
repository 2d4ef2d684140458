// The numbers of a preview (POST /api/staff/access/preview, a save's ?dryRun=true, a CSV
// import): who gains and loses which tickets (to see and to write), records and privileges.
import { plural } from './common.tsx';
import { privilegeLabel } from './privileges.ts';
import { RECORD_KINDS, type ContactRef, type Preview, type RecordKind } from './types.ts';

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
function writableGainText(n: number, contacts: number) {
  return `+${plural(n, 'ticket')} ${n === 1 ? 'becomes' : 'become'} writable by ${plural(contacts, 'contact')} (reply, edit, close)`;
}
function writableLossText(n: number, contacts: number) {
  return `−${plural(n, 'ticket')} ${n === 1 ? 'is' : 'are'} no longer writable by ${plural(contacts, 'contact')}`;
}
const pairsText = (pairs: number, distinct: number, unit: string) =>
  pairs !== distinct ? `${pairs} contact–${unit} pairs in all` : undefined;

/** "+340 tickets become visible to 12 contacts", "−5 tickets are no longer visible to 2 contacts". */
export function PreviewNumbers({ preview }: { preview: Preview }) {
  const lines: Line[] = [];
  /** A line for a count that changed, with the contact–unit pairs when they differ from it. */
  const add = (key: string, tone: Line['tone'], pairs: number, count: number, unit: string, text: string) => {
    if (pairs > 0) lines.push({ key, tone, text, pairs: pairsText(pairs, count, unit) });
  };
  const writable = preview.ticketsWritable;
  if (preview.counted.tickets) {
    const { ticketsGained: gained, ticketsLost: lost } = preview;
    add(
      'tickets-gain',
      'gain',
      gained.pairs,
      gained.tickets,
      'ticket',
      gainText(gained.tickets, 'ticket', 'tickets', preview.contactsGaining),
    );
    add(
      'tickets-loss',
      'loss',
      lost.pairs,
      lost.tickets,
      'ticket',
      lossText(lost.tickets, 'ticket', 'tickets', preview.contactsLosing),
    );
    add(
      'writable-gain',
      'gain',
      writable.gained.pairs,
      writable.gained.tickets,
      'ticket',
      writableGainText(writable.gained.tickets, writable.contactsGaining),
    );
    add(
      'writable-loss',
      'loss',
      writable.lost.pairs,
      writable.lost.tickets,
      'ticket',
      writableLossText(writable.lost.tickets, writable.contactsLosing),
    );
  }
  const recordSamples: { kind: RecordKind; gaining: Sample[]; losing: Sample[] }[] = [];
  if (preview.records) {
    for (const kind of RECORD_KINDS) {
      const part = preview.records[kind];
      const [one, many] = RECORD_WORDS[kind];
      const { recordsGained: gained, recordsLost: lost } = part;
      add(
        `${kind}-gain`,
        'gain',
        gained.pairs,
        gained.records,
        one,
        gainText(gained.records, one, many, part.contactsGaining),
      );
      add(
        `${kind}-loss`,
        'loss',
        lost.pairs,
        lost.records,
        one,
        lossText(lost.records, one, many, part.contactsLosing),
      );
      recordSamples.push({
        kind,
        gaining: part.samples.gaining.map((s) => ({ contact: s.contact, count: s.records })),
        losing: part.samples.losing.map((s) => ({ contact: s.contact, count: s.records })),
      });
    }
  }
  const capabilities = preview.counted.capabilities ? preview.capabilities : null;
  for (const [tone, changes] of [
    ['gain', capabilities?.gained ?? []],
    ['loss', capabilities?.lost ?? []],
  ] as const)
    for (const c of changes)
      lines.push({
        key: `capability-${tone}-${c.privilege}`,
        tone,
        text: `${tone === 'gain' ? '+' : '−'}“${privilegeLabel(c.privilege)}” ${tone === 'gain' ? 'for' : 'taken from'} ${plural(c.contacts, 'contact')}`,
      });
  const what = [
    preview.counted.tickets ? 'tickets' : '',
    preview.records ? 'records' : '',
    capabilities ? 'privileges' : '',
  ]
    .filter(Boolean)
    .join(' or ');

  const writableSamples = preview.counted.tickets
    ? [
        ...writable.samples.gaining.map((s) => ({ contact: s.contact, count: s.tickets, tone: 'gain' })),
        ...writable.samples.losing.map((s) => ({ contact: s.contact, count: s.tickets, tone: 'loss' })),
      ]
    : [];
  const gaining = preview.samples.gaining.map((s) => ({ contact: s.contact, count: s.tickets }));
  const losing = preview.samples.losing.map((s) => ({ contact: s.contact, count: s.tickets }));
  if (!preview.counted.tickets && !preview.records && !capabilities)
    return (
      <div className="preview-result" role="status">
        <p className="muted">
          The preview counts tickets, organization records and privileges; this change affects none of them,
          so there are no numbers to show.
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
      {writableSamples.length > 0 && (
        <div className="preview-samples">
          <SampleList
            title="Who may write more tickets, for example"
            unit="ticket"
            tone="gain"
            samples={writableSamples.filter((s) => s.tone === 'gain')}
          />
          <SampleList
            title="Who may write fewer tickets, for example"
            unit="ticket"
            tone="loss"
            samples={writableSamples.filter((s) => s.tone === 'loss')}
          />
        </div>
      )}
      <p className="small muted">
        Checked the {plural(preview.affectedContacts, 'contact')} this change can affect: what they can see,
        which tickets they may write (reply, edit, close) and which privileges they may use.
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
