import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffApi } from '../session.tsx';
import type { Ticket, TicketUpdate } from '../types.ts';

export const ticketKey = (id: string) => ['staff', 'ticket', id] as const;

/** PATCH /api/staff/tickets/{id}; the answer replaces the cached ticket, the history is re-read. */
export function useTicketUpdate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketUpdate) => staffApi.patch<Ticket>(`/api/staff/tickets/${id}`, body),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKey(id), ticket);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['staff', 'tickets'] }),
        queryClient.invalidateQueries({ queryKey: [...ticketKey(id), 'events'] }),
      ]);
    },
  });
}
