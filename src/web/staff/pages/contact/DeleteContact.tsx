import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../../shared/ConfirmButton.tsx';
import { contactKey } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { Contact } from '../../types.ts';

export function DeleteContact({ contact }: { contact: Contact }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label="Delete contact"
      className="btn btn-link btn-small"
      title={`Delete ${contact.name}?`}
      confirmLabel="Delete contact"
      tone="danger"
      action={() => staffApi.delete(`/api/staff/contacts/${contact.id}`)}
      onDone={async () => {
        queryClient.removeQueries({ queryKey: contactKey(contact.id) });
        await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
        await navigate('/staff/contacts', { replace: true });
      }}
    >
      <p>
        A contact who requested tickets cannot be deleted: disable it instead, and its tickets remain. This
        cannot be undone.
      </p>
    </ConfirmButton>
  );
}
