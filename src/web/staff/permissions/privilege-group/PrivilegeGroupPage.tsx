// One privilege group: the privilege catalogue as a grid of check boxes, the scopes and the level.
// System groups are shown locked (copy them instead). Every save goes through the preview dialog.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Loading, PageHeader, useDocumentTitle } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import {
  LoadError,
  PermissionRecordFallback,
  PERMISSIONS,
  privilegeGroupsKey,
  usePrivilegeCatalogue,
} from '../common.tsx';
import type { PrivilegeGroup } from '../types.ts';
import { Editor } from './Editor.tsx';

export function PrivilegeGroupPage() {
  const { id } = useParams();
  const isNew = id === 'new' || id === undefined;
  const group = useQuery({
    queryKey: [...privilegeGroupsKey, 'one', id],
    queryFn: ({ signal }) =>
      staffApi.get<PrivilegeGroup>(`/api/staff/privilege-groups/${id}`, undefined, signal),
    enabled: !isNew,
  });
  const catalogue = usePrivilegeCatalogue();
  useDocumentTitle(isNew ? 'New privilege group' : (group.data?.name ?? 'Privilege group'));
  const back = { to: `${PERMISSIONS}/privilege-groups`, label: 'Privilege groups' };

  if (!isNew && !group.data)
    return <PermissionRecordFallback query={group} what="privilege group" back={back} />;
  if (catalogue.isPending)
    return (
      <>
        <PageHeader title={isNew ? 'New privilege group' : 'Privilege group'} back={back} />
        <Loading label="Loading the privilege group…" />
      </>
    );
  if (catalogue.isError)
    return (
      <>
        <PageHeader title="Privilege group" back={back} />
        <LoadError
          what="The privilege catalogue"
          error={catalogue.error}
          onRetry={() => void catalogue.refetch()}
        />
      </>
    );
  return (
    <Editor
      key={group.data?.id ?? 'new'}
      group={isNew ? null : (group.data ?? null)}
      catalogue={catalogue.data}
    />
  );
}
