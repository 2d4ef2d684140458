import { type ReactNode } from 'react';
import { SelectField } from '../../../shared/SelectField.tsx';
import { SCOPE_LABEL } from '../common.tsx';
import type { Level, PrivilegeGroupInput, Scope } from '../types.ts';
import type { SetField } from './draft.ts';
import { SCOPES } from './draft.ts';

export function ScopeSelect(props: {
  label: string;
  hint: ReactNode;
  value: Scope;
  onChange: (value: Scope) => void;
  words: Record<Scope, string>;
}) {
  return (
    <SelectField
      label={props.label}
      hint={props.hint}
      value={props.value}
      onChange={props.onChange}
      choices={SCOPES.map((s) => [s, props.words[s]])}
    />
  );
}

/** The scopes and the level: read-only for a locked group. */
export function Reach({
  draft,
  locked,
  set,
}: {
  draft: PrivilegeGroupInput;
  locked: boolean;
  set: SetField;
}) {
  return locked ? (
    <section className="card" aria-labelledby="reach-heading">
      <h2 id="reach-heading">Reach</h2>
      <dl className="description-list reach-list">
        <div>
          <dt>Ticket scope</dt>
          <dd>{SCOPE_LABEL[draft.ticketScope]}</dd>
        </div>
        <div>
          <dt>Record scope</dt>
          <dd>{SCOPE_LABEL[draft.recordScope]}</dd>
        </div>
        <div>
          <dt>Tickets reached through the scope</dt>
          <dd>{draft.scopeLevel === 'write' ? 'Read and write' : 'Read only'}</dd>
        </div>
      </dl>
    </section>
  ) : (
    <fieldset className="card">
      <legend className="card-legend">Reach</legend>
      <div className="form-grid">
        <ScopeSelect
          label="Ticket scope"
          hint="Tickets it sees besides its own. Private tickets stay with their requester."
          value={draft.ticketScope}
          onChange={(v) => set('ticketScope', v)}
          words={{
            own: 'Own tickets only',
            organization: 'Every ticket of its organization',
            organization_tree: 'Its organization and every organization below it',
          }}
        />
        <ScopeSelect
          label="Record scope"
          hint="Assets, contracts, quotes, invoices, payments, documents. Own: its assets and its organization’s records."
          value={draft.recordScope}
          onChange={(v) => set('recordScope', v)}
          words={{
            own: 'Own',
            organization: 'Its organization',
            organization_tree: 'Its organization and every organization below it',
          }}
        />
        <SelectField<Level>
          label="Tickets reached through the scope"
          hint="May it reply to, edit and close them? Its own tickets are always writable."
          value={draft.scopeLevel}
          onChange={(v) => set('scopeLevel', v)}
          choices={[
            ['read', 'Read only'],
            ['write', 'Read and write'],
          ]}
        />
      </div>
    </fieldset>
  );
}
