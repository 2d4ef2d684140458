/**
 * References to other records as the portal shows them: `{ id, name }`, by name only. Repos select
 * the owning organization with ORGANIZATION_COLUMNS (joined as `o`) and map it with organizationOf.
 */

export const ORGANIZATION_COLUMNS = ['o.id as organization_id', 'o.name as organization_name'] as const;

export const organizationOf = (r: { organization_id: string; organization_name: string }) => ({
  id: r.organization_id,
  name: r.organization_name,
});

/** A reference through an outer join: null when nothing was joined (or the name is gone). */
export const refOrNull = (id: string | null, name: string | null) =>
  id !== null && name !== null ? { id, name } : null;
