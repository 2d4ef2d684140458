import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../shared/ui.tsx';
import { contactKey } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { Contact } from '../../types.ts';

export function DeleteContact({ contact }: { contact: Contact }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => staffApi.delete(`/api/staff/contacts/${contact.id}`),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contactKey(contact.id) });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await navigate('/staff/contacts', { replace: true });
    },
  });
  return (
    <>
      <button type="button" className="btn btn-link btn-small" onClick={() => setOpen(true)}>
        Delete contact
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${contact.name}?`}
        confirmLabel="Delete contact"
        tone="danger"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          remove.reset();
          setOpen(false);
        }}
      >
        <p>
          A contact who requested tickets cannot be deleted: disable it instead, and its tickets remain. This
          cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
