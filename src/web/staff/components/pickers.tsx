// Choosing a contact (searched on the server) or an organization (from the organization index).
import { useCallback } from 'react';
import type { Page } from '../../shared/api.ts';
import { Combobox, type ComboboxOption } from '../../shared/Combobox.tsx';
import type { FieldControlProps } from '../../shared/ui.tsx';
import { treeOrder, useOrganizationIndex, useContact } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Contact } from '../types.ts';

/** A contact as a choice: its name, with e-mail and organization to tell namesakes apart. */
export function useContactOption(id: string | null | undefined): ComboboxOption | null {
  const contact = useContact(id);
  const { index } = useOrganizationIndex();
  if (!id) return null;
  if (!contact.data) return { id, label: contact.isError ? 'Unknown contact' : 'Loading…' };
  return contactOption(contact.data, index?.byId.get(contact.data.organizationId)?.name);
}

const contactOption = (c: Contact, organization?: string): ComboboxOption => ({
  id: c.id,
  label: c.name,
  description: [c.email, organization, c.disabled ? 'disabled' : ''].filter(Boolean).join(' · '),
});

export function ContactCombobox(props: {
  control: FieldControlProps;
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
  /** Only the contacts of this organization. */
  organizationId?: string;
  placeholder?: string;
  name?: string;
}) {
  const { index } = useOrganizationIndex();
  const { organizationId } = props;
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const page = await staffApi.get<Page<Contact>>(
        '/api/staff/contacts',
        { q: text, organizationId, limit: 12 },
        signal,
      );
      return page.items.map((c) => contactOption(c, index?.byId.get(c.organizationId)?.name));
    },
    [index, organizationId],
  );
  return (
    <Combobox
      control={props.control}
      value={props.value}
      onChange={props.onChange}
      search={search}
      queryKey={['staff', 'contacts', 'search', organizationId ?? 'all', index ? 'named' : 'plain']}
      placeholder={props.placeholder ?? 'Type a name or e-mail address'}
      name={props.name}
      clearLabel="contact"
    />
  );
}

/**
 * A <select> of every organization in tree order, each named by its path ("District › School"). `emptyLabel` adds a first
 * choice with the value '' ("All organizations", "No parent").
 */
export function OrganizationSelect(props: {
  control: FieldControlProps;
  value: string;
  onChange: (id: string) => void;
  emptyLabel?: string;
  /** Leave out these organizations (and nothing else): an organization cannot be its own parent. */
  exclude?: (id: string) => boolean;
  name?: string;
  required?: boolean;
}) {
  const { index, isPending, isError } = useOrganizationIndex();
  const rows = index ? treeOrder(index) : [];
  return (
    <select
      {...props.control}
      name={props.name}
      required={props.required}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      disabled={isPending}
    >
      {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
      {isPending && <option value={props.value}>Loading organizations…</option>}
      {isError && <option value={props.value}>Organizations could not be loaded</option>}
      {rows
        .filter(({ org }) => !props.exclude?.(org.id))
        .map(({ org }) => (
          <option key={org.id} value={org.id}>
            {index?.pathOf(org.id) ?? org.name}
          </option>
        ))}
    </select>
  );
}
