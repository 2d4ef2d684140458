// Reads several pages share: the organization index (names, tree, choices), privilege groups,
// staff users and single contacts. All keys start with 'staff'.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page } from '../shared/api.ts';
import type { ApiResponse } from '../shared/api-types.ts';
import { fetchAll } from '../shared/paging.ts';
import { staffApi } from './session.tsx';
import type { Contact, Organization, PrivilegeGroup, StaffUser } from './types.ts';

/** Reads a list page by page up to `maxPages`; `complete` says whether the end was reached. */
async function readAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages: number,
): Promise<{ items: T[]; complete: boolean }> {
  let complete = false;
  const items = await fetchAll(async (cursor) => {
    const page = await fetchPage(cursor);
    complete = !page.nextCursor;
    return page;
  }, maxPages);
  return { items, complete };
}

/** Every item of a short list (read 100 at a time, up to `maxPages`): choices and names. */
export function useWholeList<T>(
  key: readonly unknown[],
  path: string,
  options: { enabled?: boolean; staleTime?: number; maxPages?: number } = {},
) {
  return useQuery({
    queryKey: [...key, 'all'],
    queryFn: ({ signal }) =>
      fetchAll((cursor) => staffApi.get<Page<T>>(path, { cursor, limit: 100 }, signal), options.maxPages),
    enabled: options.enabled ?? true,
    staleTime: options.staleTime ?? 60_000,
  });
}

export const organizationsKey = ['staff', 'organizations'] as const;

/** Up to 2,000 organizations: the console's choices and names. Larger installs search instead. */
const ORGANIZATION_PAGES = 20;

export type OrganizationIndex = {
  list: Organization[];
  byId: Map<string, Organization>;
  childrenOf: (id: string | null) => Organization[];
  /** "Shoe String School District › Almond School". */
  pathOf: (id: string) => string;
  /** Every organization is in the index (the install has no more than it holds). */
  complete: boolean;
};

function indexOf(list: Organization[], complete: boolean): OrganizationIndex {
  const byId = new Map(list.map((o) => [o.id, o]));
  const children = new Map<string | null, Organization[]>();
  for (const o of list) {
    const key = o.parentId && byId.has(o.parentId) ? o.parentId : null;
    const siblings = children.get(key) ?? [];
    siblings.push(o);
    children.set(key, siblings);
  }
  const pathOf = (id: string) => {
    const names: string[] = [];
    const seen = new Set<string>();
    let current = byId.get(id);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
    return names.join(' › ');
  };
  return { list, byId, childrenOf: (id) => children.get(id) ?? [], pathOf, complete };
}

export function useOrganizationIndex() {
  const query = useQuery({
    queryKey: [...organizationsKey, 'index'],
    queryFn: ({ signal }) =>
      readAll(
        (cursor) =>
          staffApi.get<Page<Organization>>('/api/staff/organizations', { cursor, limit: 100 }, signal),
        ORGANIZATION_PAGES,
      ),
    staleTime: 60_000,
  });
  const index = useMemo(
    () => (query.data ? indexOf(query.data.items, query.data.complete) : undefined),
    [query.data],
  );
  return { ...query, index };
}

/** Organizations in tree order with their depth: options of a <select> that show the tree. */
export function treeOrder(index: OrganizationIndex): { org: Organization; depth: number }[] {
  const out: { org: Organization; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const org of index.childrenOf(parent)) {
      if (seen.has(org.id)) continue;
      seen.add(org.id);
      out.push({ org, depth });
      walk(org.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Privilege groups: administrators only (GET /api/staff/privilege-groups is admin-only). */
export const usePrivilegeGroups = (enabled: boolean) =>
  useWholeList<PrivilegeGroup>(['staff', 'privilege-groups'], '/api/staff/privilege-groups', {
    enabled,
    maxPages: 10,
  });

export const useStaffUsers = () =>
  useWholeList<StaffUser>(['staff', 'staff-users'], '/api/staff/staff-users', { maxPages: 10 });

export const contactKey = (id: string) => ['staff', 'contact', id] as const;

export function useContact(id: string | null | undefined) {
  return useQuery({
    queryKey: contactKey(id ?? ''),
    queryFn: ({ signal }) => staffApi.get<Contact>(`/api/staff/contacts/${id}`, undefined, signal),
    enabled: Boolean(id),
    staleTime: 30_000,
  });
}

export const deskSettingsKey = ['staff', 'desk-settings'] as const;
export type DeskSettings = ApiResponse<'/api/staff/desk-settings'>;

/** The desk's settings: the default team, and the server's SLA warning window (SLA_WARNING_MINUTES). */
export function useDeskSettings() {
  return useQuery({
    queryKey: deskSettingsKey,
    queryFn: ({ signal }) => staffApi.get<DeskSettings>('/api/staff/desk-settings', undefined, signal),
    staleTime: 5 * 60_000,
  });
}
