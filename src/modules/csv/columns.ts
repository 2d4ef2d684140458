/** The columns of the organization file, in export order; the import accepts the same names. */
export const ORGANIZATION_COLUMNS = ['id', 'name', 'parent_id', 'parent_name'] as const;

/** The fixed columns of the contact file; one `attr:<key>` column per attribute key follows. */
export const CONTACT_COLUMNS = [
  'id',
  'name',
  'email',
  'phone',
  'title',
  'department',
  'organization_id',
  'organization_name',
  'privilege_group',
  'disabled',
] as const;

export const ATTRIBUTE_PREFIX = 'attr:';

/** Rows an import may hold (the header not counted). */
export const MAX_IMPORT_ROWS = 50_000;

/** Issues listed in a refused import's answer. */
export const MAX_ISSUES = 100;

/** Rows read per keyset query of an export. */
export const EXPORT_BATCH = 500;
