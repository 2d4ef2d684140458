import { useCallback } from 'react';
import type { Page } from '../../../shared/api.ts';
import { type ComboboxOption } from '../../../shared/Combobox.tsx';
import { useOrganizationIndex } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { Asset, Ticket } from '../../types.ts';
import type { RecordType } from '../types.ts';
import type { ApiItem } from '../../../shared/api-types.ts';

export type Quote = ApiItem<'/api/staff/quotes'>;
export type Invoice = ApiItem<'/api/staff/invoices'>;
type Doc = ApiItem<'/api/staff/documents'>;
type Article = ApiItem<'/api/staff/kb-articles'>;

const matches = (text: string, ...fields: (string | number)[]) =>
  !text || fields.some((f) => String(f).toLowerCase().includes(text.toLowerCase().replace(/^#/, '')));

/** The record picker: a search for the chosen kind of record. */
export function useRecordSearch(type: RecordType) {
  const { index } = useOrganizationIndex();
  const org = useCallback((id: string) => index?.byId.get(id)?.name ?? '', [index]);
  return useCallback(
    async (text: string, signal: AbortSignal): Promise<ComboboxOption[]> => {
      const list = <T>(path: string, query: Record<string, string | number>) =>
        staffApi.get<Page<T>>(path, query, signal).then((p) => p.items);
      switch (type) {
        case 'ticket':
          return (await list<Ticket>('/api/staff/tickets', { q: text, limit: 12 })).map((t) => ({
            id: t.id,
            label: `#${t.number} ${t.subject}`,
            description: [t.requester.name, t.organization.name, t.private ? 'private' : '', t.status]
              .filter(Boolean)
              .join(' · '),
          }));
        case 'asset':
          return (await list<Asset>('/api/staff/assets', { q: text, limit: 12 })).map((a) => ({
            id: a.id,
            label: a.name,
            description: [a.assetType, a.serialNumber, org(a.organizationId)].filter(Boolean).join(' · '),
          }));
        case 'quote':
          // The quote list has no text search: the latest 100, narrowed here.
          return (await list<Quote>('/api/staff/quotes', { limit: 100 }))
            .filter((q) => matches(text, q.number, q.title))
            .slice(0, 12)
            .map((q) => ({
              id: q.id,
              label: `Quote #${q.number} ${q.title}`,
              description: [q.status, org(q.organizationId)].filter(Boolean).join(' · '),
            }));
        case 'invoice':
          return (await list<Invoice>('/api/staff/invoices', { limit: 100 }))
            .filter((i) => matches(text, i.number, org(i.organizationId)))
            .slice(0, 12)
            .map((i) => ({
              id: i.id,
              label: `Invoice #${i.number}`,
              description: [i.status, org(i.organizationId)].filter(Boolean).join(' · '),
            }));
        case 'document':
          return (await list<Doc>('/api/staff/documents', { q: text, limit: 12 })).map((d) => ({
            id: d.id,
            label: d.title,
            description: [d.public ? 'public' : 'internal', org(d.organizationId)]
              .filter(Boolean)
              .join(' · '),
          }));
        case 'article':
          return (await list<Article>('/api/staff/kb-articles', { q: text, limit: 12 })).map((a) => ({
            id: a.id,
            label: a.title,
            description: [
              a.published ? 'published' : 'draft',
              a.visibility === 'groups' ? 'for some groups' : 'for everyone',
            ].join(' · '),
          }));
      }
    },
    [type, org],
  );
}
