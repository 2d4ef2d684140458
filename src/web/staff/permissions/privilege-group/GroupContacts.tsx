import { Link } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import { LoadMore, Loading } from '../../../shared/ui.tsx';
import { usePagedList } from '../../../shared/paging.ts';
import { staffApi } from '../../session.tsx';
import type { Contact } from '../../types.ts';
import { LoadError } from '../common.tsx';

/** Who has this group now: the first contacts, with more on request. */
export function GroupContacts({ groupId }: { groupId: string }) {
  const list = usePagedList(['staff', 'contacts', 'by-privilege-group', groupId], (cursor, signal) =>
    staffApi.get<Page<Contact>>(
      '/api/staff/contacts',
      { privilegeGroupId: groupId, cursor, limit: 10 },
      signal,
    ),
  );
  return (
    <section className="card" aria-labelledby={`contacts-${groupId}`}>
      <h2 id={`contacts-${groupId}`}>Contacts in this group</h2>
      {list.isPending ? (
        <Loading label="Loading contacts…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The contacts" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <p className="muted">No contact has this privilege group.</p>
      ) : (
        <>
          <ul className="plain-list">
            {list.items.map((c) => (
              <li key={c.id}>
                <Link to={`/staff/access/contacts/${c.id}`}>{c.name}</Link>{' '}
                <span className="muted small">{c.email}</span>
                {c.disabled && <span className="muted small"> · disabled</span>}
              </li>
            ))}
          </ul>
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onLoadMore={list.loadMore}
            label="More contacts"
          />
        </>
      )}
    </section>
  );
}
