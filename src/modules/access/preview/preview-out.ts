import type { DiffPart } from './diff-relation.ts';
import type { PreviewResult } from './preview.ts';
import type { PreviewOut } from '../schema.ts';

/** The preview's parts in the wire shape: tickets at the top level, organization records by module. */

const samples = <K extends 'tickets' | 'records'>(part: DiffPart, unit: K) => ({
  gaining: part.samples.gaining.map(
    (s) => ({ contact: s.contact, [unit]: s.count }) as { contact: typeof s.contact } & Record<K, number>,
  ),
  losing: part.samples.losing.map(
    (s) => ({ contact: s.contact, [unit]: s.count }) as { contact: typeof s.contact } & Record<K, number>,
  ),
});

/** A part's contacts, its gained and lost (pairs, distinct `unit`) and its samples. */
function partOf<K extends 'tickets' | 'records'>(part: DiffPart, unit: K) {
  const side = (s: DiffPart['gained']) =>
    ({ pairs: s.pairs, [unit]: s.distinct }) as { pairs: number } & Record<K, number>;
  return {
    contactsGaining: part.contactsGaining,
    contactsLosing: part.contactsLosing,
    gained: side(part.gained),
    lost: side(part.lost),
    samples: samples(part, unit),
  };
}

function recordPart(part: DiffPart) {
  const { gained, lost, ...rest } = partOf(part, 'records');
  return { ...rest, recordsGained: gained, recordsLost: lost };
}

export function toPreviewOut(result: PreviewResult): PreviewOut {
  const tickets = result.parts.ticket;
  const p = result.parts;
  const writable = p.ticket_write;
  const capabilities = p.capability;
  return {
    affectedContacts: result.affected,
    counted: result.counted,
    contactsGaining: tickets.contactsGaining,
    contactsLosing: tickets.contactsLosing,
    ticketsGained: { pairs: tickets.gained.pairs, tickets: tickets.gained.distinct },
    ticketsLost: { pairs: tickets.lost.pairs, tickets: tickets.lost.distinct },
    samples: samples(tickets, 'tickets'),
    ticketsWritable: partOf(writable, 'tickets'),
    capabilities: {
      contactsGaining: capabilities.contactsGaining,
      contactsLosing: capabilities.contactsLosing,
      gained: result.capabilities.gained,
      lost: result.capabilities.lost,
    },
    records: result.counted.records
      ? {
          assets: recordPart(p.asset),
          contracts: recordPart(p.contract),
          quotes: recordPart(p.quote),
          invoices: recordPart(p.invoice),
          payments: recordPart(p.payment),
          documents: recordPart(p.document),
        }
      : null,
  };
}
