// The reply box's helpers: a canned response picker (inserts the text rendered for this ticket)
// and the @mention autocomplete of internal notes (colleagues who see the ticket).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Page } from '../../shared/api.ts';
import { SelectField } from '../../shared/SelectField.tsx';
import { ErrorMessage } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';

type Canned = { id: string; title: string; team: { name: string } | null };
export type Colleague = { id: string; name: string };

/** Picks a canned response and hands its text, placeholders filled for the ticket, to `onInsert`. */
export function CannedPicker({ ticketId, onInsert }: { ticketId: string; onInsert: (text: string) => void }) {
  const [error, setError] = useState<unknown>(null);
  const canned = useQuery({
    queryKey: ['staff', 'canned-responses', 'choices'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<Canned>>('/api/staff/canned-responses', { limit: 100 }, signal),
    staleTime: 60_000,
  });
  const items = canned.data?.items ?? [];
  if (items.length === 0) return null;
  const pick = async (id: string) => {
    setError(null);
    if (!id) return;
    try {
      const rendered = await staffApi.get<{ body: string }>(`/api/staff/canned-responses/${id}/render`, {
        ticketId,
      });
      onInsert(rendered.body);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <SelectField
        label="Insert a canned response"
        className="inline-field"
        value=""
        empty="Choose…"
        onChange={(id) => void pick(id)}
        choices={items.map((c) => [c.id, c.team ? `${c.title} (${c.team.name})` : c.title] as const)}
      />
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}

/** The `@word` being typed just before the caret, or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? '' };
}

/** Colleagues matching the `@word` being typed; choosing one hands it to `onChoose`. */
export function MentionSuggestions(props: {
  ticketId: string;
  query: string;
  onChoose: (colleague: Colleague) => void;
}) {
  const found = useQuery({
    queryKey: ['staff', 'tickets', props.ticketId, 'mentionable', props.query],
    queryFn: ({ signal }) =>
      staffApi.get<{ items: Colleague[] }>(
        `/api/staff/tickets/${props.ticketId}/mentionable`,
        props.query ? { q: props.query } : undefined,
        signal,
      ),
  });
  const items = found.data?.items ?? [];
  if (found.isSuccess && items.length === 0)
    return <p className="muted small">No colleague who can see this ticket matches “{props.query}”.</p>;
  return (
    <ul className="mention-suggestions" aria-label="Mention a colleague">
      {items.map((c) => (
        <li key={c.id}>
          <button type="button" className="btn btn-link btn-small" onClick={() => props.onChoose(c)}>
            @{c.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
