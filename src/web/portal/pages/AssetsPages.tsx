import { Link, useParams } from 'react-router';
import { formatDate } from '../../shared/format.ts';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { AssetStatusBadge } from '../badges.tsx';
import {
  RecordTable,
  SearchBox,
  useRecordPage,
  DetailsAside,
  useRecordList,
  useSearchParam,
} from '../records.tsx';
import type { Asset } from '../types.ts';

export function AssetsPage() {
  useDocumentTitle('Assets');
  const [q, setQ] = useSearchParam();
  const list = useRecordList<Asset>('/api/portal/assets', { q });
  return (
    <>
      <PageHeader title="Assets" subtitle="The devices and systems we look after for you." />
      <SearchBox label="Search assets" placeholder="Name or serial number" q={q} onSearch={setQ} />
      <RecordTable
        list={list}
        caption="Assets"
        moreLabel="Load more assets"
        empty={
          <EmptyState title={q ? `No assets match “${q}”.` : 'No assets to show.'}>
            {!q && <p>Assets assigned to you or your organization appear here.</p>}
          </EmptyState>
        }
        columns={[
          { header: 'Name', primary: true, cell: (a) => <Link to={`/portal/assets/${a.id}`}>{a.name}</Link> },
          { header: 'Type', cell: (a) => a.assetType || '—' },
          { header: 'Serial number', cell: (a) => a.serialNumber || '—' },
          { header: 'Assigned to', cell: (a) => a.contact?.name ?? a.organization.name },
          { header: 'Status', cell: (a) => <AssetStatusBadge status={a.status} /> },
        ]}
      />
    </>
  );
}

export function AssetPage() {
  const { id = '' } = useParams();
  const back = { to: '/portal/assets', label: 'Assets' };
  const { record: a, status } = useRecordPage<Asset>(
    `/api/portal/assets/${id}`,
    'asset',
    back,
    (r) => r.name,
  );
  if (!a) return status;
  return (
    <>
      <PageHeader title={a.name} back={back} subtitle={a.assetType || undefined} />
      <div className="two-columns">
        <div>
          {a.configNotes !== undefined && (
            <section className="card" aria-labelledby="notes-heading">
              <h2 id="notes-heading">Configuration notes</h2>
              {a.configNotes.trim() ? (
                <div className="pre-wrap">{a.configNotes}</div>
              ) : (
                <p className="muted">No configuration notes.</p>
              )}
            </section>
          )}
        </div>
        <DetailsAside
          what="asset"
          items={[
            ['Status', <AssetStatusBadge key="s" status={a.status} />],
            ['Type', a.assetType],
            ['Serial number', a.serialNumber],
            ['Assigned to', a.contact?.name],
            ['Organization', a.organization.name],
            ['Added', formatDate(a.createdAt)],
          ]}
        />
      </div>
    </>
  );
}
