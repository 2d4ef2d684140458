// CSV export (anyone on staff) and import (administrators) of organizations and contacts. An
// import is all or nothing: a file with problems is refused (422) with every problem by line and
// column. A contacts file is checked first (?dryRun=true): the rows it would create, update or
// leave, and who would gain or lose access, shown before the administrator confirms.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, messageFor } from '../../shared/api.ts';
import { Alert, Field, PageHeader, SubmitButton, useDocumentTitle } from '../../shared/ui.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import { PreviewNumbers } from '../permissions/PreviewNumbers.tsx';
import type { ContactImportResult, ImportResult } from '../types.ts';

type Kind = 'organizations' | 'contacts';

/** The problems of a refused file: "line 4: email: is not an e-mail address". */
function ImportProblems({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.status !== 422 || error.issues.length === 0)
    return (
      <Alert tone="error" title="Nothing was imported">
        <p>{messageFor(error)}</p>
      </Alert>
    );
  const byLine = error.issues.map((i) => ({
    where: i.line
      ? `Line ${i.line}${i.column ? `, column ${i.column}` : ''}`
      : i.path === 'file'
        ? 'The file'
        : i.path.replace(/^line/, 'Line'),
    message:
      i.column && i.message.startsWith(`${i.column}: `) ? i.message.slice(i.column.length + 2) : i.message,
  }));
  return (
    <Alert tone="error" title="The file was refused">
      <p>{error.message} Correct the file and import it again.</p>
      <ul className="issue-list">
        {byLine.map((issue, i) => (
          <li key={i}>
            <strong>{issue.where}:</strong> {issue.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

const isContactResult = (r: ImportResult | ContactImportResult): r is ContactImportResult => 'access' in r;

const rowCounts = (r: ImportResult) =>
  `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`;

function ImportForm({ kind }: { kind: Kind }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const url = `/api/staff/${kind}/import`;
  // Contacts: the check (a dry run), then the import the administrator confirms.
  const check = useMutation({
    mutationFn: (chosen: File) => staffApi.upload<ContactImportResult>(`${url}?dryRun=true`, chosen),
  });
  const run = useMutation({
    mutationFn: (chosen: File) => staffApi.upload<ImportResult | ContactImportResult>(url, chosen),
    onSuccess: async () => {
      check.reset();
      await queryClient.invalidateQueries({ queryKey: ['staff', 'organizations'] });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contact'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!file);
    if (!file) return;
    run.reset();
    if (kind === 'contacts') check.mutate(file);
    else run.mutate(file);
  };
  const checked = check.isSuccess ? check.data : null;
  const done = run.isSuccess ? run.data : null;
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <Field
        label={`CSV file of ${kind}`}
        hint="UTF-8, with the column names of the export on the first line. Rows with an id update that record; others are created."
        error={missing ? 'Choose a file.' : undefined}
      >
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              run.reset();
              check.reset();
              setFile(e.target.files?.[0] ?? null);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={run.isPending || check.isPending} busyLabel="Checking…">
          Import {kind}
        </SubmitButton>
      </div>
      {check.isError && <ImportProblems error={check.error} />}
      {checked && file && (
        <section className="card stack" aria-labelledby={`${kind}-check-heading`}>
          <h3 id={`${kind}-check-heading`}>Check before importing {file.name}</h3>
          <p>Nothing has been saved yet. The import would do this: {rowCounts(checked)}</p>
          <PreviewNumbers preview={checked.access} />
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => check.reset()}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => run.mutate(file)}
              disabled={run.isPending}
              aria-busy={run.isPending || undefined}
            >
              {run.isPending ? 'Importing…' : 'Confirm the import'}
            </button>
          </div>
        </section>
      )}
      {run.isError && <ImportProblems error={run.error} />}
      {done && (
        <Alert tone="success" title={`Imported ${file?.name ?? 'the file'}`}>
          <p>{rowCounts(done)}</p>
          {isContactResult(done) && <PreviewNumbers preview={done.access} />}
        </Alert>
      )}
    </form>
  );
}

export function ImportExportPage() {
  useDocumentTitle('Import and export');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const [organizationId, setOrganizationId] = useState('');
  return (
    <>
      <PageHeader
        title="Import and export"
        subtitle="Organizations and contacts as CSV files, for spreadsheets and other systems."
      />
      <div className="grid-two">
        <section className="card stack" aria-labelledby="org-csv-heading">
          <h2 id="org-csv-heading">Organizations</h2>
          <p className="muted small">
            Columns: <code>id</code>, <code>name</code>, <code>parent_id</code>, <code>parent_name</code>. A
            parent may be named by id or by name, and may be a row of the same file.
          </p>
          <p>
            <a className="btn btn-secondary" href="/api/staff/organizations/export.csv" download>
              Export all organizations
            </a>
          </p>
          <h3 className="sub-heading separated">Import</h3>
          {admin ? (
            <ImportForm kind="organizations" />
          ) : (
            <p className="muted">Only administrators may import.</p>
          )}
        </section>
        <section className="card stack" aria-labelledby="contact-csv-heading">
          <h2 id="contact-csv-heading">Contacts</h2>
          <p className="muted small">
            Columns: <code>id</code>, <code>name</code>, <code>email</code>, <code>phone</code>,{' '}
            <code>title</code>, <code>department</code>, <code>organization_id</code>,{' '}
            <code>organization_name</code>, <code>privilege_group</code>, <code>disabled</code>, and one{' '}
            <code>attr:&lt;name&gt;</code> column per custom attribute.
          </p>
          <Field label="Export the contacts of">
            {(control) => (
              <OrganizationSelect
                control={control}
                value={organizationId}
                onChange={setOrganizationId}
                emptyLabel="All organizations"
              />
            )}
          </Field>
          <p>
            <a
              className="btn btn-secondary"
              href={`/api/staff/contacts/export.csv${organizationId ? `?organizationId=${organizationId}` : ''}`}
              download
            >
              Export contacts
            </a>
          </p>
          <h3 className="sub-heading separated">Import</h3>
          {admin ? <ImportForm kind="contacts" /> : <p className="muted">Only administrators may import.</p>}
        </section>
      </div>
    </>
  );
}
