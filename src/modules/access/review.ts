import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { membersOfGroups } from '../../authz/membership.ts';
import { ticketReach, type TicketReach } from '../../authz/tickets/bulk.ts';
import { afterCursor, toPage } from '../../http/pagination.ts';
import type { ReviewItemOut } from './schema.ts';

/**
 * Access review: every contact that may see at least one ticket of a user group (tickets whose
 * requester is a member) or of an organization, with each path that reaches one and its level.
 * The contacts come from ticketReach (src/authz/tickets/bulk.ts), driven from the tickets;
 * the list is keyset-paginated by (lower(name), id).
 */

export type ReviewTarget = { type: 'user_group' | 'organization'; id: string; name: string; always: boolean };

export async function findTarget(
  db: Kysely<DB>,
  query: { userGroupId?: string; organizationId?: string },
): Promise<ReviewTarget | undefined> {
  if (query.userGroupId) {
    const g = await db
      .selectFrom('user_groups')
      .select(['id', 'name', 'always'])
      .where('id', '=', query.userGroupId)
      .executeTakeFirst();
    return g && { type: 'user_group', ...g };
  }
  const o = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', query.organizationId ?? '')
    .executeTakeFirst();
  return o && { type: 'organization', ...o, always: false };
}

/** The tickets under review, as a subquery of ids. */
function targetTickets(target: ReviewTarget): RawBuilder<unknown> {
  if (target.type === 'organization')
    return sql`select rt.id from tickets rt where rt.organization_id = ${target.id}::uuid`;
  if (target.always) return sql`select rt.id from tickets rt`;
  return sql`select rt.id from tickets rt where rt.requester_id in ${membersOfGroups([target.id])}`;
}

type Row = {
  id: string;
  name: string;
  email: string;
  sort_name: string;
  organization_id: string;
  organization_name: string;
  privilege_group_id: string;
  privilege_group_name: string;
  paths: Array<TicketReach & { organization_name: string | null; user_group_name: string | null }>;
};

const PATH_ORDER = { own: 0, participant: 1, scope: 2, grant: 3 } as const;

function toItem(r: Row): ReviewItemOut {
  const paths = [...r.paths]
    .sort(
      (a, b) =>
        PATH_ORDER[a.kind] - PATH_ORDER[b.kind] ||
        (a.user_group_name ?? '').localeCompare(b.user_group_name ?? ''),
    )
    .map((p) => ({
      kind: p.kind,
      level: p.level,
      ticketScope: p.kind === 'scope' ? (p.ticket_scope as 'organization' | 'organization_tree') : null,
      organization: p.organization_id ? { id: p.organization_id, name: p.organization_name ?? '' } : null,
      userGroup: p.user_group_id ? { id: p.user_group_id, name: p.user_group_name ?? '' } : null,
    }));
  return {
    contact: { id: r.id, name: r.name, email: r.email },
    organization: { id: r.organization_id, name: r.organization_name },
    privilegeGroup: { id: r.privilege_group_id, name: r.privilege_group_name },
    level: paths.some((p) => p.level === 'write') ? 'write' : 'read',
    paths,
  };
}

export async function reviewPage(
  db: Kysely<DB>,
  target: ReviewTarget,
  page: { cursor?: string; limit: number },
) {
  const after = page.cursor
    ? sql`and ${afterCursor([sql`lower(ct.name)`, sql`ct.id::text`], page.cursor, 'asc')}`
    : sql``;
  const { rows } = await sql<Row>`
    with rv as materialized (select * from ${ticketReach(targetTickets(target))} rr),
    page as (
      select ct.id, ct.name, ct.email, lower(ct.name) as sort_name, ct.organization_id,
        o.name as organization_name, pgp.id as privilege_group_id, pgp.name as privilege_group_name
      from contacts ct join organizations o on o.id = ct.organization_id
      join privilege_groups pgp on pgp.id = ct.privilege_group_id
      where ct.id in (select contact_id from rv) ${after}
      order by lower(ct.name), ct.id::text
      limit ${page.limit + 1}
    )
    select page.*, (
      select json_agg(json_build_object('kind', rv.kind, 'level', rv.level, 'ticket_scope', rv.ticket_scope,
        'organization_id', rv.organization_id, 'organization_name', so.name,
        'user_group_id', rv.user_group_id, 'user_group_name', ug.name))
      from rv left join organizations so on so.id = rv.organization_id
      left join user_groups ug on ug.id = rv.user_group_id
      where rv.contact_id = page.id
    ) as paths
    from page order by page.sort_name, page.id::text`.execute(db);
  return toPage(rows, page.limit, (r) => [r.sort_name, r.id], toItem);
}

/** Every page, for the CSV export (keyset pages of 500, never OFFSET). */
export async function reviewAll(db: Kysely<DB>, target: ReviewTarget): Promise<ReviewItemOut[]> {
  const items: ReviewItemOut[] = [];
  let cursor: string | undefined;
  do {
    const page = await reviewPage(db, target, { cursor, limit: 500 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
