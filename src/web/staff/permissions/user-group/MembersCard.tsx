import { Link } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import { usePagedList } from '../../../shared/paging.ts';
import { Loading } from '../../../shared/ui.tsx';
import { ListMore } from '../../../shared/lists.tsx';
import { useOrganizationIndex } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import { ACCESS, LoadError, ReasonBadges, userGroupsKey } from '../common.tsx';
import type { GroupMember, UserGroup } from '../types.ts';

/** Every member and why: the resolved membership, page by page. */
export function MembersCard({ group }: { group: UserGroup }) {
  const { index } = useOrganizationIndex();
  const list = usePagedList([...userGroupsKey, group.id, 'members'], (cursor, signal) =>
    staffApi.get<Page<GroupMember>>(
      `/api/staff/user-groups/${group.id}/members`,
      { cursor, limit: 25 },
      signal,
    ),
  );
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members and why</h2>
      {group.always && <p className="muted small">An always-group: every contact is a member.</p>}
      {list.isPending ? (
        <Loading label="Loading members…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The members" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <p className="muted">The group has no members.</p>
      ) : (
        <>
          <ul className="member-list">
            {list.items.map((m) => (
              <li key={m.contact.id}>
                <Link to={`${ACCESS}/contacts/${m.contact.id}`}>{m.contact.name}</Link>
                <div className="muted small">
                  {index?.byId.get(m.contact.organizationId)?.name ?? m.contact.email}
                </div>
                <ReasonBadges reasons={m.reasons} />
              </li>
            ))}
          </ul>
          <ListMore list={list} label="More members" />
        </>
      )}
    </section>
  );
}
