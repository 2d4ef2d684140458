// Privilege groups: what a contact may do, and how far its own reach goes. The list.
import { Link } from 'react-router';
import { Badge, DataTable, EmptyState, Loading, useDocumentTitle } from '../../shared/ui.tsx';
import {
  LoadError,
  PERMISSIONS,
  SCOPE_LABEL,
  usePrivilegeCatalogue,
  useAllPrivilegeGroups,
} from './common.tsx';
import type { PrivilegeGroup } from './types.ts';

export function GroupMarkers({ group }: { group: PrivilegeGroup }) {
  return (
    <span className="item-badges">
      {group.isDefault && <Badge tone="success">Default</Badge>}
      {group.locked && <Badge tone="neutral">System · locked</Badge>}
    </span>
  );
}

export function PrivilegeGroupsPage() {
  useDocumentTitle('Privilege groups');
  const groups = useAllPrivilegeGroups();
  const catalogue = usePrivilegeCatalogue();
  const total = catalogue.data?.length;

  return (
    <>
      <div className="section-header">
        <div>
          <h2>Privilege groups</h2>
          <p className="muted">
            Every contact has exactly one privilege group: what it may do in the portal and how far its own
            reach goes. New contacts get the default group. System groups are locked; copy one to change it.
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn btn-primary" to={`${PERMISSIONS}/privilege-groups/new`}>
            New privilege group
          </Link>
        </div>
      </div>
      {groups.isPending ? (
        <Loading label="Loading privilege groups…" />
      ) : groups.isError ? (
        <LoadError what="The privilege groups" error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState title="There are no privilege groups." />
      ) : (
        <DataTable
          caption="Privilege groups"
          rows={groups.data}
          rowKey={(g) => g.id}
          columns={[
            {
              header: 'Name',
              primary: true,
              cell: (g) => (
                <div>
                  <div className="inline-list">
                    <Link className="strong-link" to={`${PERMISSIONS}/privilege-groups/${g.id}`}>
                      {g.name}
                    </Link>
                    <GroupMarkers group={g} />
                  </div>
                  {g.description && <div className="muted small">{g.description}</div>}
                </div>
              ),
            },
            { header: 'Ticket scope', cell: (g) => SCOPE_LABEL[g.ticketScope] },
            { header: 'Record scope', cell: (g) => SCOPE_LABEL[g.recordScope] },
            {
              header: 'Beyond own tickets',
              cell: (g) => (g.scopeLevel === 'write' ? 'Read and write' : 'Read only'),
            },
            {
              header: 'Privileges',
              numeric: true,
              cell: (g) => (total ? `${g.privileges.length} of ${total}` : g.privileges.length),
            },
          ]}
        />
      )}
    </>
  );
}
