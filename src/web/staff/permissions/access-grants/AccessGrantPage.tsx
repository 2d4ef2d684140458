import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useDocumentTitle } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import { accessGrantsKey, PermissionRecordFallback, PERMISSIONS } from '../common.tsx';
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
  if (!isNew && !grant.data)
    return <PermissionRecordFallback query={grant} what="access grant" back={back} />;
  return <GrantForm key={grant.data?.id ?? 'new'} grant={isNew ? null : (grant.data ?? null)} />;
}
