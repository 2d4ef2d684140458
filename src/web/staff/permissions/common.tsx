// Reads, words and small pieces the permission pages and the access tools share.
import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink } from 'react-router';
import { isApiError } from '../../shared/api.ts';
import { RecordFallback, type RecordQuery } from '../../shared/RecordFallback.tsx';
import type { FailedRead } from '../../shared/PagedTable.tsx';
import { namedChoices, SelectField } from '../../shared/SelectField.tsx';
import { Alert, Badge, EmptyState, ErrorMessage } from '../../shared/ui.tsx';
import { useWholeList } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { MembershipReason, Module, PrivilegeGroup, Scope, UserGroup } from './types.ts';
import type { ApiResponse } from '../../shared/api-types.ts';
import './permissions.css';

export const PERMISSIONS = '/staff/permissions';
export const ACCESS = '/staff/access';

// ---- reads ----

export const privilegeGroupsKey = ['staff', 'privilege-groups'] as const;
export const userGroupsKey = ['staff', 'user-groups'] as const;
export const accessGrantsKey = ['staff', 'access-grants'] as const;
export const modulesKey = ['staff', 'modules'] as const;

export function usePrivilegeCatalogue() {
  return useQuery({
    queryKey: ['staff', 'privileges'],
    queryFn: ({ signal }) =>
      staffApi
        .get<ApiResponse<'/api/staff/privileges'>>('/api/staff/privileges', undefined, signal)
        .then((r) => r.items),
    staleTime: Infinity,
  });
}

/** Every privilege group (there are few), by name. */
export const useAllPrivilegeGroups = () =>
  useWholeList<PrivilegeGroup>(privilegeGroupsKey, '/api/staff/privilege-groups', { staleTime: 10_000 });

/** Every user group, by name (up to 2,000: the pickers' choices). */
export const useAllUserGroups = () =>
  useWholeList<UserGroup>(userGroupsKey, '/api/staff/user-groups', { staleTime: 10_000 });

export function useModuleVisibility() {
  return useQuery({
    queryKey: [...modulesKey],
    queryFn: ({ signal }) =>
      staffApi
        .get<ApiResponse<'/api/staff/modules'>>('/api/staff/modules', undefined, signal)
        .then((r) => r.items),
  });
}

/**
 * After a change to the permission configuration: everything the console has read may show it
 * (groups, grants, contacts' access, explanations), so every staff read but "who am I" and the
 * previews is refreshed.
 */
export function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      queryClient.invalidateQueries({
        // Not the previews: they describe the change just saved, from before it.
        predicate: ({ queryKey: [audience, what, tool] }) =>
          audience === 'staff' && what !== 'me' && !(what === 'access' && tool === 'preview'),
      }),
    [queryClient],
  );
}

// ---- words ----

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const SCOPE_LABEL: Record<Scope, string> = {
  own: 'Own',
  organization: 'Organization',
  organization_tree: 'Organization and sub-organizations',
};

export const MODULE_LABEL: Record<Module, string> = {
  tickets: 'Tickets',
  assets: 'Assets',
  contracts: 'Contracts',
  charges: 'Charges',
  quotes: 'Quotes',
  invoices: 'Invoices',
  payments: 'Payments',
  documents: 'Documents',
  kb: 'Knowledge base',
};

export { VIEW_PRIVILEGE } from '../../shared/modules.ts';

export const REASON_LABEL: Record<MembershipReason, string> = {
  explicit: 'Listed by name',
  organization: 'Through organization',
  rule: 'Matches the rule',
  always: 'Always-group',
};

export function ReasonBadges({ reasons }: { reasons: readonly string[] }) {
  return (
    <span className="item-badges">
      {reasons.map((reason) => (
        <Badge key={reason} tone={reason === 'explicit' ? 'accent' : reason === 'rule' ? 'info' : 'neutral'}>
          {REASON_LABEL[reason as MembershipReason] ?? reason}
        </Badge>
      ))}
    </span>
  );
}

export function LevelBadge({ level }: { level: 'read' | 'write' }) {
  return level === 'write' ? (
    <Badge tone="success">Read and write</Badge>
  ) : (
    <Badge tone="info">Read only</Badge>
  );
}

// ---- pieces ----

/** The tabs under a page title: the sections of Permissions or of Access tools. */
export function SectionNav(props: { label: string; items: { to: string; label: string; end?: boolean }[] }) {
  return (
    <nav aria-label={props.label} className="section-nav">
      <ul>
        {props.items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The choice of one user group (a grant's, a review's), from `useAllUserGroups`. */
export function UserGroupSelect(props: {
  groups: { isPending: boolean; data?: UserGroup[] };
  value: string;
  onChange: (id: string) => void;
  hint?: string;
  error?: string;
}) {
  return (
    <SelectField
      label="User group"
      hint={props.hint}
      error={props.error}
      value={props.value}
      onChange={props.onChange}
      empty={props.groups.isPending ? 'Loading user groups…' : 'Choose a user group…'}
      choices={namedChoices(props.groups.data)}
    />
  );
}

/** A failed read: a 403 says the page is for administrators, anything else offers a retry. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  if (isApiError(error, 403))
    return (
      <Alert tone="warning" title="Only administrators can see this">
        <p>Permission configuration and the access tools are for administrators.</p>
      </Alert>
    );
  return <ErrorMessage title={`${what} could not be loaded`} error={error} onRetry={onRetry} />;
}

/**
 * A group's or a grant's page until the record is read: "Loading the user group…", "This user
 * group does not exist." with a link back to the list, or the failure.
 */
export function PermissionRecordFallback(props: {
  query: RecordQuery;
  /** 'user group', 'privilege group', 'access grant'. */
  what: string;
  back: { to: string; label: string };
}) {
  const { what, query } = props;
  return (
    <RecordFallback
      query={query}
      what={what}
      back={props.back}
      headerWhileLoading
      notFound={
        <EmptyState
          title={`This ${what} does not exist.`}
          action={<Link to={props.back.to}>{`All ${what}s`}</Link>}
        >
          <p>It may have been deleted.</p>
        </EmptyState>
      }
      failed={(retry) => <LoadError what={`The ${what}`} error={query.error} onRetry={retry} />}
    />
  );
}

/** A PagedTable's failures as LoadError: the first page's (`what`), a later page's (`more`). */
export const loadErrors =
  (what: string, more: string): FailedRead =>
  (error, retry) => <LoadError what={retry ? what : more} error={error} onRetry={retry} />;

/** 'YYYY-MM-DDTHH:mm' in the browser's time (a datetime-local input) ↔ an ISO instant. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
