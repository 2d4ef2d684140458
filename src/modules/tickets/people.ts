import type { PersonRef } from './schema.ts';

/** The author of a comment, upload or change from the two nullable author columns. */
export function personRef(
  staffId: string | null,
  staffName: string | null,
  contactId: string | null,
  contactName: string | null,
): PersonRef {
  if (staffId && staffName !== null) return { type: 'staff', id: staffId, name: staffName };
  if (contactId && contactName !== null) return { type: 'contact', id: contactId, name: contactName };
  return null;
}
