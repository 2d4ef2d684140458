import type { PersonRef } from '../types.ts';

/**
 * " (by Sam Rivera, staff)" when a staff user wrote this as the contact (write-mode
 * impersonation): staff see who really acted; the portal only ever shows the contact.
 */
export const actingSuffix = (person: PersonRef): string =>
  person?.actingStaff ? ` (by ${person.actingStaff.name}, staff)` : '';
