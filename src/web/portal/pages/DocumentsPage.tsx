import { formatBytes, formatDate } from '../../shared/format.ts';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { RecordTable, SearchBox, useRecordList, useSearchParam } from '../records.tsx';
import type { PortalDocument } from '../types.ts';

export function DocumentsPage() {
  useDocumentTitle('Documents');
  const [q, setQ] = useSearchParam();
  const list = useRecordList<PortalDocument>('/api/portal/documents', { q });
  return (
    <>
      <PageHeader title="Documents" subtitle="Documents shared with your organization." />
      <SearchBox label="Search documents" placeholder="Title" q={q} onSearch={setQ} />
      <RecordTable
        list={list}
        caption="Documents"
        moreLabel="Load more documents"
        empty={<EmptyState title={q ? `No documents match “${q}”.` : 'No documents to show.'} />}
        columns={[
          {
            header: 'Document',
            primary: true,
            cell: (d) => (
              <div>
                <a href={`/api/portal/documents/${d.id}/download`} download>
                  {d.title}
                </a>
                {d.description && <p className="muted small">{d.description}</p>}
              </div>
            ),
          },
          { header: 'File', cell: (d) => d.file.filename },
          {
            header: 'Size',
            numeric: true,
            cell: (d) => formatBytes(d.file.sizeBytes),
          },
          { header: 'Updated', cell: (d) => formatDate(d.updatedAt) },
        ]}
      />
    </>
  );
}
