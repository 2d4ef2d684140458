import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { ContactForm, draftOf, inputOf } from '../components/ContactForm.tsx';
import { staffApi } from '../session.tsx';
import type { Contact } from '../types.ts';

export function NewContactPage() {
  useDocumentTitle('New contact');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(undefined, params.get('organizationId') ?? ''));
  const create = useMutation({
    mutationFn: () => staffApi.post<Contact>('/api/staff/contacts', inputOf(draft)),
    onSuccess: async (contact) => {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await navigate(`/staff/contacts/${contact.id}`, { replace: true, state: { created: true } });
    },
  });
  return (
    <>
      <PageHeader
        title="New contact"
        subtitle="After creating the contact, send an invitation so it can set its portal password."
        back={{ to: '/staff/contacts', label: 'Contacts' }}
      />
      <section className="card">
        <ContactForm
          creating
          draft={draft}
          onChange={setDraft}
          onSubmit={() => create.mutate()}
          busy={create.isPending}
          error={create.error}
          submitLabel="Create contact"
          extraActions={
            <button type="button" className="btn btn-secondary" onClick={() => void navigate(-1)}>
              Cancel
            </button>
          }
        />
      </section>
    </>
  );
}
