// One contact: its fields, its portal account (invitation, password, "view portal as"), and for
// administrators the user groups it belongs to (and why) and the access grants it holds.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format.ts';
import { RecordFallback } from '../../../shared/RecordFallback.tsx';
import { Alert, PageHeader, useDocumentTitle } from '../../../shared/ui.tsx';
import { DisabledBadge } from '../../badges.tsx';
import { ContactForm, draftOf, inputOf, type ContactDraft } from '../../components/ContactForm.tsx';
import { contactKey, useContact, useOrganizationIndex, usePrivilegeGroups } from '../../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../../session.tsx';
import type { Contact } from '../../types.ts';
import { PortalAccount } from './PortalAccount.tsx';
import { Grants, Groups } from './Membership.tsx';
import { DeleteContact } from './DeleteContact.tsx';
import { ContactPrivacy } from './ContactPrivacy.tsx';

export function ContactPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const me = useStaffMe();
  const admin = isAdmin(me);
  const contact = useContact(id);
  const { index } = useOrganizationIndex();
  const groups = usePrivilegeGroups(admin);
  useDocumentTitle(contact.data?.name ?? 'Contact');
  const back = { to: '/staff/contacts', label: 'Contacts' };

  if (!contact.data) return <RecordFallback query={contact} what="contact" back={back} />;
  const c = contact.data;
  const organization = index?.byId.get(c.organizationId);
  const group = groups.data?.find((g) => g.id === c.privilegeGroupId);
  const created = (location.state as { created?: boolean } | null)?.created;
  return (
    <>
      <PageHeader
        back={back}
        title={
          <>
            {c.name} {c.disabled && <DisabledBadge />}
          </>
        }
        subtitle={
          <>
            {[c.title, c.department].filter(Boolean).join(', ')}
            {(c.title || c.department) && ' · '}
            <Link to={`/staff/organizations/${c.organizationId}`}>
              {organization ? index?.pathOf(organization.id) : 'Organization'}
            </Link>
            {group && ` · ${group.name}`}
          </>
        }
        actions={
          <>
            <Link className="btn btn-primary" to={`/staff/tickets/new?requesterId=${c.id}`}>
              New ticket
            </Link>
            <Link className="btn btn-secondary" to={`/staff/tickets?requesterId=${c.id}&status=all`}>
              Tickets
            </Link>
          </>
        }
      />
      {created && (
        <Alert tone="success">
          <p>The contact is created. Send an invitation so it can set its portal password.</p>
        </Alert>
      )}
      <div className="two-columns">
        <div>
          <DetailsSection key={c.id} contact={c} />
          <div className="record-footer">
            <p className="muted small">
              Created {formatDateTime(c.createdAt)}; last changed {formatDateTime(c.updatedAt)}.
            </p>
            {admin && (
              <Link to={`/staff/audit?entityId=${c.id}`} className="small">
                Audit history of this contact
              </Link>
            )}
            <DeleteContact contact={c} />
          </div>
        </div>
        <aside aria-label="Portal account and access">
          <PortalAccount key={c.id} contact={c} />
          {admin && <Groups contactId={c.id} />}
          {admin && <Grants contactId={c.id} />}
          <ContactPrivacy key={`privacy-${c.id}`} contact={c} admin={admin} />
        </aside>
      </div>
    </>
  );
}

function DetailsSection({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ContactDraft>(() => draftOf(contact));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => staffApi.patch<Contact>(`/api/staff/contacts/${contact.id}`, inputOf(draft)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(contactKey(contact.id), updated);
      setDraft(draftOf(updated));
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await queryClient.invalidateQueries({ queryKey: [...contactKey(contact.id), 'groups'] });
    },
  });
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      {saved && !save.isPending && (
        <Alert tone="success">
          <p>Saved. Group membership and portal access follow the change on the contact’s next request.</p>
        </Alert>
      )}
      <ContactForm
        draft={draft}
        onChange={(d) => {
          setSaved(false);
          setDraft(d);
        }}
        onSubmit={() => save.mutate()}
        busy={save.isPending}
        error={save.error}
        submitLabel="Save contact"
        extraActions={
          <button
            type="button"
            className="btn btn-link"
            onClick={() => {
              save.reset();
              setSaved(false);
              setDraft(draftOf(contact));
            }}
          >
            Undo changes
          </button>
        }
      />
    </section>
  );
}
