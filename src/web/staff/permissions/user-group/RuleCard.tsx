import { useState } from 'react';
import { useOrganizationIndex } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import { RuleBuilder } from '../rule-builder/RuleBuilder.tsx';
import { RuleCountChange, RuleMatches } from '../rule-builder/RuleMatches.tsx';
import { draftOf, operatorWords, ruleOf, type DraftRule } from '../rule-builder/rule.ts';
import type { Rule, UserGroup } from '../types.ts';
import type { Propose } from './pending.ts';

export function RuleCard({ group, propose }: { group: UserGroup; propose: Propose }) {
  const [draft, setDraft] = useState<DraftRule>(() => draftOf(group.rule));
  const [editing, setEditing] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const savedKey = JSON.stringify(group.rule);
  const [base, setBase] = useState(savedKey);
  if (base !== savedKey) {
    setBase(savedKey);
    setDraft(draftOf(group.rule));
    setEditing(false);
  }
  const rule = ruleOf(draft);
  const dirty = JSON.stringify(rule) !== savedKey;

  const save = () => {
    setShowProblems(true);
    if (!rule) return;
    propose({
      title: group.rule ? `Change the rule of “${group.name}”?` : `Add a rule to “${group.name}”?`,
      summary: (
        <>
          <RuleSentence rule={rule} />
          <RuleCountChange before={group.rule} after={rule} />
        </>
      ),
      change: { kind: 'set_rule', userGroupId: group.id, rule },
      confirmLabel: 'Save rule',
      save: () => staffApi.patch<UserGroup>(`/api/staff/user-groups/${group.id}`, { rule }),
    });
  };
  const remove = () =>
    propose({
      title: `Remove the rule of “${group.name}”?`,
      summary: (
        <>
          <p>Contacts who are members only because they match the rule leave the group.</p>
          <RuleCountChange before={group.rule} after={null} />
        </>
      ),
      change: { kind: 'set_rule', userGroupId: group.id, rule: null },
      confirmLabel: 'Remove rule',
      tone: 'danger',
      save: () => staffApi.patch<UserGroup>(`/api/staff/user-groups/${group.id}`, { rule: null }),
    });

  return (
    <section className="card" aria-labelledby="rule-heading">
      <div className="card-header">
        <h2 id="rule-heading">Rule</h2>
        {group.rule && !editing && (
          <span className="inline-list">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>
              Edit rule
            </button>
            <button type="button" className="btn btn-secondary btn-small btn-danger-outline" onClick={remove}>
              Remove rule
            </button>
          </span>
        )}
      </div>
      {!editing && group.rule && (
        <>
          <RuleSentence rule={group.rule} />
          <RuleMatches draft={draftOf(group.rule)} />
        </>
      )}
      {!editing && !group.rule && (
        <>
          <p className="muted">
            No rule. A rule makes every contact that matches it a member, now and as contacts change: for
            example “department is accounting”.
          </p>
          <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
            Add a rule
          </button>
        </>
      )}
      {editing && (
        <>
          <RuleBuilder value={draft} onChange={setDraft} showProblems={showProblems} />
          <RuleMatches draft={draft} />
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={save}
              disabled={!dirty && rule !== null}
            >
              Review and save rule…
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setDraft(draftOf(group.rule));
                setEditing(false);
                setShowProblems(false);
              }}
            >
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The rule in words: "department is accounting, and title contains head". */
export function RuleSentence({ rule }: { rule: Rule }) {
  const { index } = useOrganizationIndex();
  const fieldName = (f: string) =>
    f === 'organizationId' ? 'organization' : f.startsWith('attributes.') ? `attribute ${f.slice(11)}` : f;
  const valueText = (field: string, v: string) =>
    field === 'organizationId' ? (index?.byId.get(v)?.name ?? v) : `“${v}”`;
  return (
    <p className="rule-sentence">
      Members are contacts that meet <strong>{rule.operator === 'all' ? 'all' : 'any'}</strong> of:{' '}
      {rule.conditions.map((c, i) => (
        <span key={i}>
          {i > 0 && (rule.operator === 'all' ? '; and ' : '; or ')}
          <code className="rule-code">
            {fieldName(c.field)} {operatorWords(c.op)}
            {c.value !== undefined &&
              ' ' +
                (Array.isArray(c.value)
                  ? c.value.map((v) => valueText(c.field, v)).join(', ')
                  : valueText(c.field, c.value))}
          </code>
        </span>
      ))}
    </p>
  );
}
