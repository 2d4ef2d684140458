import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { fieldErrors, messageFor, sentenceFor, type Page } from '../../shared/api.ts';
import { formatBytes } from '../../shared/format.ts';
import {
  Alert,
  CheckboxField,
  ErrorMessage,
  Field,
  PageHeader,
  SubmitOrCancel,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { assetChoices, linkableAssets } from '../../shared/TicketParts.tsx';
import { choicesOf, SelectField } from '../../shared/SelectField.tsx';
import { PRIORITIES, priorityLabel } from '../badges.tsx';
import { can, hasModule, portalApi, useMe } from '../session.tsx';
import type { Asset, TicketDetail, TicketPriority } from '../types.ts';

type Draft = {
  subject: string;
  description: string;
  priority: TicketPriority | '';
  assetId: string;
  private: boolean;
};

export function NewTicketPage() {
  useDocumentTitle('New ticket');
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // What a new (own, open) ticket allows: the same rules as its abilities once it exists.
  const mayPrioritize = can(me, 'tickets.priority.edit') && can(me, 'tickets.priority.view');
  const mayLinkAsset = can(me, 'tickets.asset.edit') && can(me, 'assets.view') && hasModule(me, 'assets');
  const mayUpload = can(me, 'attachments.upload');

  const [draft, setDraft] = useState<Draft>({
    subject: '',
    description: '',
    priority: '',
    assetId: '',
    private: false,
  });
  const [files, setFiles] = useState<File[]>([]);
  const [uploadProblems, setUploadProblems] = useState<string[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const assets = useQuery({
    queryKey: ['portal', 'assets', 'choices'],
    queryFn: ({ signal }) => portalApi.get<Page<Asset>>('/api/portal/assets', { limit: 100 }, signal),
    enabled: mayLinkAsset,
    staleTime: 60_000,
  });

  const create = useMutation({
    mutationFn: async () => {
      const ticket = await portalApi.post<TicketDetail>('/api/portal/tickets', {
        subject: draft.subject,
        description: draft.description,
        ...(draft.priority ? { priority: draft.priority } : {}),
        ...(draft.assetId ? { assetId: draft.assetId } : {}),
        private: draft.private,
      });
      const problems: string[] = [];
      for (const [i, file] of files.entries()) {
        setProgress(`Uploading ${file.name} (${i + 1} of ${files.length})…`);
        try {
          await portalApi.upload(`/api/portal/tickets/${ticket.id}/attachments`, file);
        } catch (error) {
          problems.push(`${file.name}: ${messageFor(error)}`);
        }
      }
      setProgress(null);
      return { ticket, problems };
    },
    onSuccess: async ({ ticket, problems }) => {
      await queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
      if (problems.length > 0) {
        // The ticket exists: say which files did not make it, then let the person go on.
        setUploadProblems(problems);
        return;
      }
      await navigate(`/portal/tickets/${ticket.id}`, { replace: true });
    },
    onError: () => setProgress(null),
  });

  const [blankSubject, setBlankSubject] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBlankSubject(!draft.subject.trim());
    if (draft.subject.trim()) create.mutate();
  };
  const errors = fieldErrors(create.error);
  const sentence = sentenceFor(errors);
  const created = create.data?.ticket;

  if (created && uploadProblems.length > 0) {
    return (
      <>
        <PageHeader title="New ticket" />
        <Alert
          tone="warning"
          title={`Ticket #${created.number} was created, but some files were not uploaded`}
        >
          <ul>
            {uploadProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p>You can add them on the ticket page.</p>
        </Alert>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void navigate(`/portal/tickets/${created.id}`, { replace: true })}
        >
          Open ticket #{created.number}
        </button>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="New ticket"
        subtitle={`For ${me.organization.name}. We will answer you here and by e-mail.`}
        back={{ to: '/portal/tickets', label: 'Tickets' }}
      />
      <form className="card form-card" onSubmit={submit} noValidate>
        {create.isError && Object.keys(errors).length === 0 && <ErrorMessage error={create.error} />}
        <TextField
          label="Subject"
          hint="A short summary, such as “Projector in room 12 shows no picture”."
          error={blankSubject ? 'Enter a subject.' : sentence('subject', 'subject')}
          type="text"
          name="subject"
          required
          maxLength={200}
          value={draft.subject}
          onChange={(text) => set('subject', text)}
        />
        <Field
          label="Description"
          hint="What happened, where, and what you have tried already."
          error={sentence('description', 'description')}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={8}
              maxLength={20000}
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </Field>
        {mayPrioritize && (
          <SelectField<TicketPriority | ''>
            label="Priority"
            error={sentence('priority', 'priority')}
            name="priority"
            value={draft.priority}
            onChange={(v) => set('priority', v)}
            choices={[
              ['', 'Normal (default)'],
              ...choicesOf(
                PRIORITIES.filter((p) => p !== 'normal'),
                priorityLabel,
              ),
            ]}
          />
        )}
        {mayLinkAsset && (
          <SelectField
            label="Asset"
            hint={
              assets.isError
                ? 'Your assets could not be loaded; you can link one later.'
                : 'The device this is about, if any.'
            }
            error={sentence('assetId', 'asset')}
            name="assetId"
            value={draft.assetId}
            onChange={(v) => set('assetId', v)}
            choices={assetChoices(linkableAssets(assets.data?.items ?? [], null))}
          />
        )}
        {mayUpload && (
          <Field label="Files" hint="Screenshots or documents that help us understand the problem.">
            {(control) => (
              <input
                {...control}
                type="file"
                multiple
                onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
              />
            )}
          </Field>
        )}
        {files.length > 0 && (
          <ul className="small muted">
            {files.map((f) => (
              <li key={f.name}>
                {f.name} ({formatBytes(f.size)})
              </li>
            ))}
          </ul>
        )}
        <CheckboxField
          label="Private: only me"
          hint="Only you and the support team will see this ticket, not your colleagues or managers."
          checked={draft.private}
          onChange={(checked) => set('private', checked)}
        />
        <SubmitOrCancel
          busy={create.isPending}
          busyLabel={progress ?? 'Creating…'}
          onCancel={() => void navigate('/portal/tickets')}
        >
          Create ticket
        </SubmitOrCancel>
      </form>
    </>
  );
}
