// Sign-in providers (docs/sign-in.md, "OpenID Connect"): the OIDC identity providers people sign in
// with. Administrators only; every write asks for step-up, which the API client handles (the
// console's step-up dialog asks for the password, then the request is sent again).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldErrors } from '../../shared/api.ts';
import { choicesOf, namedChoices, SelectField } from '../../shared/SelectField.tsx';
import {
  CheckboxField,
  DataTable,
  EmptyState,
  ErrorMessage,
  Field,
  Loading,
  PageHeader,
  SubmitButton,
  TextField,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { useAllPrivilegeGroups, useAllUserGroups } from '../permissions/common.tsx';
import { staffApi } from '../session.tsx';
import type { OidcProvider, OidcProviderInput } from '../types.ts';

const providersKey = ['staff', 'sign-in', 'oidc-providers'] as const;
const BASE = '/api/staff/sign-in/oidc-providers';
/** The path the server answers the provider's redirect on (src/modules/oidc). */
const CALLBACK_PATH = '/api/auth/oidc/callback';

type Audience = OidcProvider['audience'];
const AUDIENCES: Audience[] = ['portal', 'staff', 'both'];
const audienceLabel = (a: Audience) =>
  ({ portal: 'Customer portal', staff: 'Staff console', both: 'Portal and console' })[a];

/** A value of the groups claim and the user or privilege group it gives. */
type ClaimRow = { claim: string; id: string };

function ClaimMappings(props: {
  field: 'groupClaims' | 'privilegeClaims';
  legend: string;
  hint: string;
  target: string;
  rows: ClaimRow[];
  setRows: (update: (rows: ClaimRow[]) => ClaimRow[]) => void;
  errors: Record<string, string>;
  choices: ReturnType<typeof namedChoices>;
}) {
  const { field, rows, setRows, errors } = props;
  const idField = field === 'groupClaims' ? 'userGroupId' : 'privilegeGroupId';
  const setRow = (i: number, row: Partial<ClaimRow>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <fieldset className="field">
      <legend>{props.legend}</legend>
      <p className="field-hint">{props.hint}</p>
      {errors[field] && <p className="field-error">{errors[field]}</p>}
      {rows.map((row, i) => (
        <div key={i} className="form-row">
          <TextField
            label={`${field === 'groupClaims' ? 'Claim value' : 'Privilege claim value'} ${i + 1}`}
            value={row.claim}
            error={errors[`${field}.${i}.claim`] ?? errors[`${field}.${i}`]}
            onChange={(claim) => setRow(i, { claim })}
          />
          <SelectField
            label={`${props.target} ${i + 1}`}
            value={row.id}
            empty={`Choose a ${props.target.toLowerCase()}…`}
            error={errors[`${field}.${i}.${idField}`]}
            onChange={(id) => setRow(i, { id })}
            choices={props.choices}
          />
          <button
            type="button"
            className="btn btn-link"
            onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
          >
            Remove{' '}
            <span className="visually-hidden">
              {props.target.toLowerCase()} mapping {i + 1}
            </span>
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => setRows((all) => [...all, { claim: '', id: '' }])}
      >
        Add a mapping<span className="visually-hidden"> to a {props.target.toLowerCase()}</span>
      </button>
    </fieldset>
  );
}

function ProviderForm(props: {
  provider: OidcProvider | null;
  redirectUri: string | null;
  onDone: () => void;
}) {
  const { provider } = props;
  const queryClient = useQueryClient();
  const groups = useAllUserGroups();
  const privilegeGroups = useAllPrivilegeGroups();
  const [name, setName] = useState(provider?.name ?? '');
  const [issuer, setIssuer] = useState(provider?.issuer ?? '');
  const [clientId, setClientId] = useState(provider?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [audience, setAudience] = useState<Audience>(provider?.audience ?? 'portal');
  const [domains, setDomains] = useState(provider?.allowedDomains.join(' ') ?? '');
  const [jitEnabled, setJitEnabled] = useState(provider?.jitEnabled ?? false);
  const [jitOrganizationId, setJitOrganizationId] = useState(provider?.jitOrganizationId ?? '');
  const [jitByMailDomain, setJitByMailDomain] = useState(provider?.jitByMailDomain ?? false);
  const [groupRows, setGroupRows] = useState<ClaimRow[]>(
    (provider?.groupClaims ?? []).map((r) => ({ claim: r.claim, id: r.userGroupId })),
  );
  const [privilegeRows, setPrivilegeRows] = useState<ClaimRow[]>(
    (provider?.privilegeClaims ?? []).map((r) => ({ claim: r.claim, id: r.privilegeGroupId })),
  );
  const save = useMutation({
    mutationFn: () => {
      const input: OidcProviderInput = {
        name,
        issuer,
        clientId,
        clientSecret,
        audience,
        allowedDomains: domains.split(/[\s,]+/).filter(Boolean),
        jitEnabled,
        jitOrganizationId: jitOrganizationId || null,
        jitByMailDomain,
        groupClaims: groupRows.map((r) => ({ claim: r.claim, userGroupId: r.id })),
        privilegeClaims: privilegeRows.map((r) => ({ claim: r.claim, privilegeGroupId: r.id })),
      };
      if (!provider) return staffApi.post<OidcProvider>(BASE, input);
      // An empty secret on edit keeps the stored one: the API keeps it when the field is left out.
      const { clientSecret: secret, ...rest } = input;
      return staffApi.put<OidcProvider>(`${BASE}/${provider.id}`, secret ? input : rest);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: providersKey });
      props.onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const heading = provider ? `Edit ${provider.name}` : 'New sign-in provider';
  const redirectUri = props.redirectUri ?? `${window.location.origin}${CALLBACK_PATH}`;
  return (
    <form className="card" onSubmit={submit} aria-label={heading} noValidate>
      <h2>{heading}</h2>
      {save.isError && Object.keys(errors).length === 0 && <ErrorMessage error={save.error} />}
      <p>
        Register this redirect URI at the provider: <code>{redirectUri}</code>
        {props.redirectUri === null &&
          ' (from this page’s address; the server’s PUBLIC_URL decides — the list shows the one it uses once a provider exists)'}
      </p>
      <TextField
        label="Display name"
        hint="The sign-in button says “Sign in with …”."
        value={name}
        error={errors.name}
        onChange={setName}
      />
      <TextField
        label="Issuer"
        hint="https://…, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0"
        type="url"
        value={issuer}
        error={errors.issuer}
        onChange={setIssuer}
      />
      <TextField label="Client ID" value={clientId} error={errors.clientId} onChange={setClientId} />
      <TextField
        label="Client secret"
        hint={provider ? 'Leave empty to keep the stored secret.' : 'Never shown again after saving.'}
        type="password"
        autoComplete="off"
        value={clientSecret}
        error={errors.clientSecret}
        onChange={setClientSecret}
      />
      <SelectField
        label="Who signs in with it"
        value={audience}
        error={errors.audience}
        onChange={setAudience}
        choices={choicesOf(AUDIENCES, audienceLabel)}
      />
      <TextField
        label="Allowed e-mail domains"
        hint="Separated by spaces, e.g. shoestring.example (empty: any)."
        value={domains}
        error={Object.entries(errors).find(([path]) => path.startsWith('allowedDomains'))?.[1]}
        onChange={setDomains}
      />
      <CheckboxField
        label="Create unknown contacts on their first sign-in (just in time)"
        checked={jitEnabled}
        onChange={setJitEnabled}
      />
      {jitEnabled && (
        <>
          <Field label="Organization of new contacts" error={errors.jitOrganizationId}>
            {(control) => (
              <OrganizationSelect
                control={control}
                value={jitOrganizationId}
                emptyLabel="None"
                onChange={setJitOrganizationId}
              />
            )}
          </Field>
          <CheckboxField
            label="Choose the organization by the e-mail domain"
            checked={jitByMailDomain}
            onChange={setJitByMailDomain}
          />
        </>
      )}
      <ClaimMappings
        field="groupClaims"
        legend="Groups claim → user group"
        hint="A person whose groups claim holds the value becomes a member of the user group on sign-in."
        target="User group"
        rows={groupRows}
        setRows={setGroupRows}
        errors={errors}
        // Everyone is in an "always" group already: the API refuses mapping to one (422).
        choices={namedChoices(groups.data?.filter((g) => !g.always))}
      />
      <ClaimMappings
        field="privilegeClaims"
        legend="Groups claim → privilege group"
        hint="The first mapping whose value the groups claim holds sets the person's privilege group on sign-in; with none, it keeps its own."
        target="Privilege group"
        rows={privilegeRows}
        setRows={setPrivilegeRows}
        errors={errors}
        choices={namedChoices(privilegeGroups.data)}
      />
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{provider ? 'Save' : 'Create provider'}</SubmitButton>
        <button type="button" className="btn btn-link" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SignInProvidersPage() {
  useDocumentTitle('Sign-in providers');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<OidcProvider | 'new' | null>(null);
  // At most 50 providers: one list, no pages.
  const list = useQuery({
    queryKey: [...providersKey],
    queryFn: ({ signal }) => staffApi.get<{ items: OidcProvider[] }>(BASE, undefined, signal),
  });
  const remove = useMutation({
    mutationFn: (id: string) => staffApi.delete(`${BASE}/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providersKey }),
  });
  const items = list.data?.items ?? [];
  const columns: Column<OidcProvider>[] = [
    { header: 'Provider', primary: true, cell: (p) => p.name },
    { header: 'Issuer', cell: (p) => p.issuer },
    { header: 'For', cell: (p) => audienceLabel(p.audience) },
    { header: 'Domains', cell: (p) => p.allowedDomains.join(', ') || 'Any' },
    { header: 'Just in time', cell: (p) => (p.jitEnabled ? 'Creates contacts' : 'No') },
    { header: 'Redirect URI', cell: (p) => <code>{p.redirectUri}</code> },
    {
      header: 'Actions',
      cell: (p) => (
        <>
          <button type="button" className="btn btn-link" onClick={() => setEditing(p)}>
            Edit <span className="visually-hidden">{p.name}</span>
          </button>
          <button
            type="button"
            className="btn btn-link"
            onClick={() =>
              window.confirm(
                `Delete the sign-in provider ${p.name}? Its links to accounts go; group memberships stay.`,
              ) && remove.mutate(p.id)
            }
          >
            Delete <span className="visually-hidden">{p.name}</span>
          </button>
        </>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Sign-in providers"
        subtitle="OpenID Connect identity providers (Microsoft Entra ID, Google, …) people sign in with."
        actions={
          editing === null && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              New provider
            </button>
          )
        }
      />
      {remove.isError && <ErrorMessage error={remove.error} />}
      {editing !== null && (
        <ProviderForm
          key={editing === 'new' ? 'new' : editing.id}
          provider={editing === 'new' ? null : editing}
          redirectUri={editing === 'new' ? (items[0]?.redirectUri ?? null) : editing.redirectUri}
          onDone={() => setEditing(null)}
        />
      )}
      {list.isPending ? (
        <Loading label="Loading sign-in providers…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No sign-in providers yet.">
          <p>People sign in with a password (or a magic link) only.</p>
        </EmptyState>
      ) : (
        <DataTable caption="Sign-in providers" columns={columns} rows={items} rowKey={(p) => p.id} />
      )}
    </>
  );
}
