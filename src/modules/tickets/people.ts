import type { PersonRef } from './schema.ts';

/** The staff user (id and name columns) who acted for a contact author, if any. */
export type ActingStaffColumns = { acting_staff_id: string | null; acting_staff_name: string | null };

/**
 * The author of a comment, upload or change from the two nullable author columns; a contact
 * author written through write-mode impersonation also names the staff user who acted.
 */
export function personRef(
  staffId: string | null,
  staffName: string | null,
  contactId: string | null,
  contactName: string | null,
  acting?: ActingStaffColumns,
): PersonRef {
  if (staffId && staffName !== null) return { type: 'staff', id: staffId, name: staffName };
  if (!contactId || contactName === null) return null;
  const person = { type: 'contact' as const, id: contactId, name: contactName };
  return acting?.acting_staff_id && acting.acting_staff_name !== null
    ? { ...person, actingStaff: { id: acting.acting_staff_id, name: acting.acting_staff_name } }
    : person;
}
