import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../shared/api.ts';
import { EmptyState, Loading, PageHeader, useDocumentTitle } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import { accessGrantsKey, LoadError, PERMISSIONS } from '../common.tsx';
import type { AccessGrant } from '../types.ts';
import { GrantForm } from './GrantForm.tsx';

/** /access-grants/new and /access-grants/:id: the form for a new grant or for changing one. */
export function AccessGrantPage() {
  const { id } = useParams();
  const isNew = id === undefined || id === 'new';
  const grant = useQuery({
    queryKey: [...accessGrantsKey, 'one', id],
    queryFn: ({ signal }) => staffApi.get<AccessGrant>(`/api/staff/access-grants/${id}`, undefined, signal),
    enabled: !isNew,
  });
  useDocumentTitle(isNew ? 'New access grant' : 'Access grant');
  const back = { to: `${PERMISSIONS}/access-grants`, label: 'Access grants' };
  if (!isNew && grant.isPending)
    return (
      <>
        <PageHeader title="Access grant" back={back} />
        <Loading label="Loading the access grant…" />
      </>
    );
  if (!isNew && grant.isError)
    return (
      <>
        <PageHeader title="Access grant" back={back} />
        {isApiError(grant.error, 404) ? (
          <EmptyState
            title="This access grant does not exist."
            action={<Link to={back.to}>All access grants</Link>}
          >
            <p>It may have been deleted.</p>
          </EmptyState>
        ) : (
          <LoadError what="The access grant" error={grant.error} onRetry={() => void grant.refetch()} />
        )}
      </>
    );
  return <GrantForm key={grant.data?.id ?? 'new'} grant={isNew ? null : (grant.data ?? null)} />;
}
