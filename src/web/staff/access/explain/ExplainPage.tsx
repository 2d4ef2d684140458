// Explain: "Why can … see …?" For a contact and one record, every action with the paths that
// allow it, or the reason it is denied, in words (GET /api/staff/access/explain).
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Combobox, type ComboboxOption } from '../../../shared/Combobox.tsx';
import { SelectField } from '../../../shared/SelectField.tsx';
import { EmptyState, Field, Loading, useDocumentTitle } from '../../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../../components/pickers.tsx';
import { staffApi } from '../../session.tsx';
import { LoadError } from '../../permissions/common.tsx';
import type { Explanation, RecordType } from '../types.ts';
import { useRecordSearch } from './useRecordSearch.ts';
import { ExplanationView } from './ExplanationView.tsx';

const RECORD_TYPES: { type: RecordType; label: string; param: string }[] = [
  { type: 'ticket', label: 'Ticket', param: 'ticketId' },
  { type: 'quote', label: 'Quote', param: 'quoteId' },
  { type: 'invoice', label: 'Invoice', param: 'invoiceId' },
  { type: 'asset', label: 'Asset', param: 'assetId' },
  { type: 'document', label: 'Document', param: 'documentId' },
  { type: 'article', label: 'Knowledge-base article', param: 'articleId' },
];

const isRecordType = (v: string | null): v is RecordType => RECORD_TYPES.some((r) => r.type === v);

export function ExplainPage() {
  useDocumentTitle('Explain access');
  const [params, setParams] = useSearchParams();
  const contactId = params.get('contactId') ?? '';
  const typeParam = params.get('type');
  const type: RecordType = isRecordType(typeParam) ? typeParam : 'ticket';
  const recordId = params.get('id') ?? '';
  const paramName = RECORD_TYPES.find((r) => r.type === type)?.param ?? 'ticketId';

  const explain = useQuery({
    queryKey: ['staff', 'access', 'explain', contactId, type, recordId],
    queryFn: ({ signal }) =>
      staffApi.get<Explanation>('/api/staff/access/explain', { contactId, [paramName]: recordId }, signal),
    enabled: Boolean(contactId && recordId),
    retry: false,
  });

  const urlContact = useContactOption(contactId || null);
  const [contact, setContact] = useState<ComboboxOption | null | undefined>(undefined);
  const [draftType, setDraftType] = useState<RecordType>(type);
  const [record, setRecord] = useState<ComboboxOption | null | undefined>(undefined);
  const [errors, setErrors] = useState<{ contact?: string; record?: string }>({});
  const chosenContact = contact === undefined ? urlContact : contact;
  const urlRecord =
    recordId && draftType === type
      ? { id: recordId, label: explain.data?.record.label ?? 'The chosen record' }
      : null;
  const chosenRecord = record === undefined ? urlRecord : record;
  const search = useRecordSearch(draftType);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      contact: chosenContact ? undefined : 'Choose a contact.',
      record: chosenRecord ? undefined : 'Choose a record.',
    };
    setErrors(next);
    if (!chosenContact || !chosenRecord) return;
    setParams({ contactId: chosenContact.id, type: draftType, id: chosenRecord.id });
  };

  const typeLabel = RECORD_TYPES.find((r) => r.type === draftType)?.label.toLowerCase() ?? 'record';
  return (
    <>
      <div className="section-header">
        <div>
          <h2>Why can … see …?</h2>
          <p className="muted">
            Pick a contact and a record: every action is shown as allowed, with each path that allows it, or
            denied, with the reason. The answer is what the portal itself decides.
          </p>
        </div>
      </div>
      <form className="card explain-form" onSubmit={submit} noValidate>
        <Field label="Contact" error={errors.contact}>
          {(control) => <ContactCombobox control={control} value={chosenContact} onChange={setContact} />}
        </Field>
        <SelectField
          label="Kind of record"
          value={draftType}
          onChange={(type) => {
            setDraftType(type);
            setRecord(null);
          }}
          choices={RECORD_TYPES.map((r) => [r.type, r.label])}
        />
        <Field
          label={RECORD_TYPES.find((r) => r.type === draftType)?.label ?? 'Record'}
          error={errors.record}
          className="explain-record"
        >
          {(control) => (
            <Combobox
              control={control}
              value={chosenRecord}
              onChange={setRecord}
              search={search}
              queryKey={['staff', 'access', 'record-search', draftType]}
              placeholder={draftType === 'ticket' ? 'Subject or #number' : `Search for a ${typeLabel}`}
              clearLabel={typeLabel}
            />
          )}
        </Field>
        <div className="explain-submit">
          <button type="submit" className="btn btn-primary">
            Explain
          </button>
        </div>
      </form>

      {!contactId || !recordId ? (
        <EmptyState title="Choose a contact and a record to see why it can or cannot see it." />
      ) : explain.isPending ? (
        <Loading label="Working out the paths…" />
      ) : explain.isError ? (
        <LoadError what="The explanation" error={explain.error} onRetry={() => void explain.refetch()} />
      ) : (
        <ExplanationView explanation={explain.data} />
      )}
    </>
  );
}
