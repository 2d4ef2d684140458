import type { ReviewItemOut } from './schema.ts';
import { csvRecord } from '../csv/write.ts';

/** Every value quoted; a cell a spreadsheet would run as a formula is guarded by the one writer. */
const csvRow = (values: Array<string | null | undefined>) => csvRecord(values, { quoteAll: true });

const HEADER = [
  'contact_id',
  'contact_name',
  'contact_email',
  'organization',
  'privilege_group',
  'path',
  'ticket_scope',
  'scope_organization',
  'user_group',
  'path_level',
  'contact_level',
];

/** One line per (contact, path), after a header line; CRLF line ends (RFC 4180). */
export function reviewCsv(items: ReviewItemOut[]): string {
  const lines = [csvRow(HEADER)];
  for (const item of items)
    for (const p of item.paths)
      lines.push(
        csvRow([
          item.contact.id,
          item.contact.name,
          item.contact.email,
          item.organization.name,
          item.privilegeGroup.name,
          p.kind,
          p.ticketScope,
          p.organization?.name,
          p.userGroup?.name,
          p.level,
          item.level,
        ]),
      );
  return lines.join('');
}
