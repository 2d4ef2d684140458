// How the portal and the staff console read and change a ticket: its cache keys, the PATCH that
// replaces the cached ticket, its short lists (comments, files, history, e-mails) read whole, and
// the states of a page or list still being read. Each side passes its API client.
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { isApiError, type ApiClient, type Audience, type Page } from './api.ts';
import { FileDrop } from './FileDrop.tsx';
import { fetchAll } from './paging.ts';
import { EmptyState, ErrorMessage, Loading, PageHeader, useDocumentTitle } from './ui.tsx';

export const ticketKeyIn = (api: ApiClient, id: string) => [api.audience, 'ticket', id] as const;

/** The cache key of one of a ticket's lists: `[…ticket, 'comments']`. */
export const ticketListKey = (api: ApiClient, id: string, list: string) => [...ticketKeyIn(api, id), list];

/** GET /api/{audience}/tickets/{id}, the page's title naming it once read. */
export function useTicketQuery<T extends { number: number; subject: string }>(api: ApiClient, id: string) {
  const ticket = useQuery({
    queryKey: ticketKeyIn(api, id),
    queryFn: ({ signal }) => api.get<T>(`/api/${api.audience}/tickets/${id}`, undefined, signal),
  });
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : 'Ticket');
  return ticket;
}

/** The list of a ticket's changes: the portal's history leaves out what a contact may not see. */
export const HISTORY_LIST: Record<Audience, string> = { portal: 'history', staff: 'events' };

/**
 * PATCH /api/{audience}/tickets/{id}; the answer (with fresh abilities) replaces the cached ticket,
 * the ticket lists and the ticket's history are read again.
 */
export function useTicketPatch<Ticket, Update>(api: ApiClient, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Update) => api.patch<Ticket>(`/api/${api.audience}/tickets/${id}`, body),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKeyIn(api, id), ticket);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [api.audience, 'tickets'] }),
        queryClient.invalidateQueries({ queryKey: ticketListKey(api, id, HISTORY_LIST[api.audience]) }),
      ]);
    },
  });
}

/** Every page of one of a ticket's lists: GET /api/{audience}/tickets/{id}/{list}. */
export function useTicketList<T>(api: ApiClient, id: string, list: string) {
  return useQuery({
    queryKey: ticketListKey(api, id, list),
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        api.get<Page<T>>(`/api/${api.audience}/tickets/${id}/${list}`, { cursor, limit: 100 }, signal),
      ),
  });
}

/** A list being read, failed, empty (`empty`: a muted line when it is text), or its items. */
export function ListStates<T>(props: {
  list: UseQueryResult<T[]>;
  loadingLabel: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const { list } = props;
  if (list.isPending) return <Loading label={props.loadingLabel} />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0)
    return typeof props.empty === 'string' ? <p className="muted">{props.empty}</p> : props.empty;
  return <>{props.children(list.data)}</>;
}

/** The ticket page until its ticket is read: loading, not found (`notFound` says why), or failed. */
export function TicketNotLoaded(props: {
  ticket: UseQueryResult<unknown>;
  back: { to: string; label: string };
  notFound: string;
}) {
  const { ticket } = props;
  if (ticket.isPending) return <Loading label="Loading the ticket…" />;
  return (
    <>
      <PageHeader title="Ticket" back={props.back} />
      {isApiError(ticket.error, 404) ? (
        <EmptyState title="This ticket could not be found.">
          <p>{props.notFound}</p>
        </EmptyState>
      ) : (
        <ErrorMessage error={ticket.error} onRetry={() => void ticket.refetch()} />
      )}
    </>
  );
}

/** Upload files to a ticket (with `fields`, such as `public`); its files and the lists are re-read. */
export function TicketFileDrop(props: {
  api: ApiClient;
  ticketId: string;
  hint: string;
  fields?: Record<string, string>;
}) {
  const { api, ticketId } = props;
  const queryClient = useQueryClient();
  return (
    <FileDrop
      label="Choose files"
      hint={props.hint}
      upload={(file, onProgress, signal) =>
        api.upload(`/api/${api.audience}/tickets/${ticketId}/attachments`, file, {
          fields: props.fields,
          onProgress,
          signal,
        })
      }
      onUploaded={() => {
        void queryClient.invalidateQueries({ queryKey: ticketListKey(api, ticketId, 'attachments') });
        void queryClient.invalidateQueries({ queryKey: [api.audience, 'tickets'] });
      }}
    />
  );
}
