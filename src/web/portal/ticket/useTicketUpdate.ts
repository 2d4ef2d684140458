import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi } from '../session.tsx';
import type { TicketDetail, TicketUpdate } from '../types.ts';

export const ticketKey = (id: string) => ['portal', 'ticket', id] as const;

/** PATCH /api/portal/tickets/{id}; the answer (with fresh abilities) replaces the cached ticket. */
export function useTicketUpdate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketUpdate) => portalApi.patch<TicketDetail>(`/api/portal/tickets/${id}`, body),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKey(id), ticket);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] }),
        queryClient.invalidateQueries({ queryKey: [...ticketKey(id), 'history'] }),
      ]);
    },
  });
}
