// The rule editor of a user group: all/any over conditions "field operator value", with a live
// "matches N contacts" and a sample (POST /api/staff/user-groups/rule-preview, debounced) that the
// database works out with the same function that decides membership.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../shared/api.ts';
import { Field, Loading } from '../../shared/ui.tsx';
import { useDebouncedValue } from '../../shared/useDebouncedValue.ts';
import { OrganizationSelect } from '../components/pickers.tsx';
import { useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Contact } from '../types.ts';
import { LoadError, plural } from './common.tsx';
import type { Rule, RuleCondition, RuleOperator, RulePreview } from './types.ts';

export type DraftCondition = {
  id: string;
  field: string;
  /** The field is an attribute typed by hand (not one of the known keys). */
  otherAttribute: boolean;
  op: RuleOperator;
  text: string;
  list: string[];
};
export type DraftRule = { operator: 'all' | 'any'; conditions: DraftCondition[] };

const STANDARD_FIELDS: [string, string][] = [
  ['email', 'E-mail'],
  ['title', 'Title'],
  ['department', 'Department'],
  ['organizationId', 'Organization'],
];
const OPERATORS: [RuleOperator, string][] = [
  ['equals', 'is'],
  ['not_equals', 'is not'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['ends_with', 'ends with'],
  ['in', 'is one of'],
  ['is_empty', 'is empty'],
  ['is_not_empty', 'is not empty'],
];
export const operatorWords = (op: RuleOperator) => OPERATORS.find(([o]) => o === op)?.[1] ?? op;

const ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const noValue = (op: RuleOperator) => op === 'is_empty' || op === 'is_not_empty';

let nextId = 0;
const newId = () => `c${++nextId}`;

export function newCondition(): DraftCondition {
  return { id: newId(), field: 'department', otherAttribute: false, op: 'equals', text: '', list: [] };
}

export function draftOf(rule: Rule | null): DraftRule {
  if (!rule) return { operator: 'all', conditions: [newCondition()] };
  return {
    operator: rule.operator,
    conditions: rule.conditions.map((c) => ({
      id: newId(),
      field: c.field,
      otherAttribute: false,
      op: c.op,
      text: typeof c.value === 'string' ? c.value : '',
      list: Array.isArray(c.value) ? c.value : [],
    })),
  };
}

/** The problem with a condition, or undefined when it is complete. */
export function conditionProblem(c: DraftCondition): string | undefined {
  if (c.field.startsWith('attributes.')) {
    if (!ATTRIBUTE_KEY.test(c.field.slice('attributes.'.length)))
      return 'An attribute name starts with a letter and has only letters, digits and _.';
  } else if (!STANDARD_FIELDS.some(([f]) => f === c.field)) return 'Choose a field.';
  if (noValue(c.op)) return undefined;
  if (c.op === 'in') return c.list.length ? undefined : 'Add at least one value.';
  return c.text.trim() ? undefined : 'Enter a value.';
}

/** The rule to save or preview, or null while a condition is incomplete. */
export function ruleOf(draft: DraftRule): Rule | null {
  if (draft.conditions.length === 0 || draft.conditions.some((c) => conditionProblem(c))) return null;
  return {
    operator: draft.operator,
    conditions: draft.conditions.map((c): RuleCondition => {
      if (noValue(c.op)) return { field: c.field, op: c.op };
      if (c.op === 'in') return { field: c.field, op: c.op, value: c.list };
      return { field: c.field, op: c.op, value: c.text.trim() };
    }),
  };
}

/** Custom attribute names in use: read from the first contacts (the API has no list of them). */
function useAttributeKeys() {
  return useQuery({
    queryKey: ['staff', 'contacts', 'attribute-keys'],
    queryFn: async ({ signal }) => {
      const page = await staffApi.get<Page<Contact>>('/api/staff/contacts', { limit: 100 }, signal);
      const keys = new Set<string>();
      for (const c of page.items) for (const key of Object.keys(c.attributes)) keys.add(key);
      return [...keys].sort();
    },
    staleTime: 5 * 60_000,
  });
}

export function RuleBuilder(props: {
  value: DraftRule;
  onChange: (draft: DraftRule) => void;
  showProblems: boolean;
}) {
  const { value, onChange } = props;
  const attributes = useAttributeKeys();
  const fieldChoices = useMemo(() => {
    const keys = new Set(attributes.data ?? []);
    for (const c of value.conditions)
      if (c.field.startsWith('attributes.') && !c.otherAttribute)
        keys.add(c.field.slice('attributes.'.length));
    return [
      ...STANDARD_FIELDS,
      ...[...keys].sort().map((k): [string, string] => [`attributes.${k}`, `Attribute: ${k}`]),
    ];
  }, [attributes.data, value.conditions]);

  const update = (id: string, patch: Partial<DraftCondition>) =>
    onChange({ ...value, conditions: value.conditions.map((c) => (c.id === id ? { ...c, ...patch } : c)) });

  return (
    <div className="rule-builder">
      <fieldset className="rule-operator">
        <legend>A contact matches when it meets</legend>
        <div className="radio-row">
          {(['all', 'any'] as const).map((op) => (
            <label key={op} className="radio">
              <input
                type="radio"
                name="rule-operator"
                value={op}
                checked={value.operator === op}
                onChange={() => onChange({ ...value, operator: op })}
              />
              {op === 'all' ? 'all of the conditions' : 'any of the conditions'}
            </label>
          ))}
        </div>
      </fieldset>
      <ol className="rule-conditions">
        {value.conditions.map((c, index) => (
          <ConditionRow
            key={c.id}
            index={index}
            condition={c}
            fieldChoices={fieldChoices}
            problem={props.showProblems ? conditionProblem(c) : undefined}
            onChange={(patch) => update(c.id, patch)}
            onRemove={
              value.conditions.length > 1
                ? () => onChange({ ...value, conditions: value.conditions.filter((x) => x.id !== c.id) })
                : undefined
            }
          />
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => onChange({ ...value, conditions: [...value.conditions, newCondition()] })}
        disabled={value.conditions.length >= 25}
      >
        Add a condition
      </button>
    </div>
  );
}

function ConditionRow(props: {
  index: number;
  condition: DraftCondition;
  fieldChoices: [string, string][];
  problem?: string;
  onChange: (patch: Partial<DraftCondition>) => void;
  onRemove?: () => void;
}) {
  const { condition: c, index } = props;
  const n = index + 1;
  const selectValue = c.otherAttribute ? '__other' : c.field;

  const setOp = (op: RuleOperator) => {
    // Keep what was typed when the operator changes between one value and a list.
    if (op === 'in' && c.list.length === 0 && c.text.trim()) props.onChange({ op, list: [c.text.trim()] });
    else if (op !== 'in' && c.op === 'in' && !c.text && c.list[0]) props.onChange({ op, text: c.list[0] });
    else props.onChange({ op });
  };
  const setField = (field: string) => {
    if (field === '__other') props.onChange({ otherAttribute: true, field: 'attributes.' });
    else {
      const wasOrg = c.field === 'organizationId';
      const isOrg = field === 'organizationId';
      props.onChange({
        otherAttribute: false,
        field,
        ...(wasOrg !== isOrg ? { text: '', list: [] } : {}),
      });
    }
  };

  return (
    <li className={`rule-condition ${props.problem ? 'rule-condition-invalid' : ''}`}>
      <span className="rule-condition-number" aria-hidden="true">
        {n}
      </span>
      <div className="rule-condition-fields">
        <Field
          label={
            <span>
              Field <span className="visually-hidden">of condition {n}</span>
            </span>
          }
        >
          {(control) => (
            <select {...control} value={selectValue} onChange={(e) => setField(e.target.value)}>
              {props.fieldChoices.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
              <option value="__other">Another attribute…</option>
            </select>
          )}
        </Field>
        {c.otherAttribute && (
          <Field
            label={
              <span>
                Attribute name <span className="visually-hidden">of condition {n}</span>
              </span>
            }
          >
            {(control) => (
              <input
                {...control}
                type="text"
                placeholder="costCenter"
                value={c.field.slice('attributes.'.length)}
                onChange={(e) => props.onChange({ field: `attributes.${e.target.value.trim()}` })}
              />
            )}
          </Field>
        )}
        <Field
          label={
            <span>
              Operator <span className="visually-hidden">of condition {n}</span>
            </span>
          }
        >
          {(control) => (
            <select {...control} value={c.op} onChange={(e) => setOp(e.target.value as RuleOperator)}>
              {OPERATORS.map(([op, label]) => (
                <option key={op} value={op}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ValueInput condition={c} n={n} onChange={props.onChange} />
      </div>
      {props.onRemove && (
        <button type="button" className="btn btn-secondary btn-small rule-remove" onClick={props.onRemove}>
          Remove <span className="visually-hidden">condition {n}</span>
        </button>
      )}
      {props.problem && (
        <p className="field-error rule-problem">
          Condition {n}: {props.problem}
        </p>
      )}
    </li>
  );
}

function ValueInput(props: {
  condition: DraftCondition;
  n: number;
  onChange: (patch: Partial<DraftCondition>) => void;
}) {
  const { condition: c, n } = props;
  const isOrg = c.field === 'organizationId';
  if (noValue(c.op))
    return (
      <div className="field rule-no-value">
        <span className="muted small">No value needed</span>
      </div>
    );
  if (c.op === 'in')
    return (
      <ListInput
        label={`Values of condition ${n}`}
        values={c.list}
        onChange={(list) => props.onChange({ list })}
        organizations={isOrg}
      />
    );
  const label = (
    <span>
      Value <span className="visually-hidden">of condition {n}</span>
    </span>
  );
  if (isOrg && (c.op === 'equals' || c.op === 'not_equals'))
    return (
      <Field label={label}>
        {(control) => (
          <OrganizationSelect
            control={control}
            value={c.text}
            onChange={(text) => props.onChange({ text })}
            emptyLabel="Choose…"
          />
        )}
      </Field>
    );
  return (
    <Field label={label} hint={undefined}>
      {(control) => (
        <input
          {...control}
          type="text"
          maxLength={500}
          value={c.text}
          placeholder={c.field === 'department' ? 'accounting' : undefined}
          onChange={(e) => props.onChange({ text: e.target.value })}
        />
      )}
    </Field>
  );
}

/** Values for "is one of": each a removable chip; Enter, a comma or the Add button adds one. */
function ListInput(props: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  organizations: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const { index } = useOrganizationIndex();
  const name = (v: string) => (props.organizations ? (index?.byId.get(v)?.name ?? v) : v);
  const add = (raw: string) => {
    const parts = raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .filter((p) => !props.values.includes(p));
    if (parts.length) props.onChange([...props.values, ...parts].slice(0, 200));
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && !text && props.values.length) {
      props.onChange(props.values.slice(0, -1));
    }
  };
  return (
    <div className="field list-input rule-value-wide">
      <label htmlFor={id}>
        Values <span className="visually-hidden">({props.label})</span>
      </label>
      {props.values.length > 0 && (
        <ul className="chips" aria-label={props.label}>
          {props.values.map((v) => (
            <li key={v} className="chip">
              {name(v)}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${name(v)}`}
                onClick={() => props.onChange(props.values.filter((x) => x !== v))}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combobox-row">
        {props.organizations ? (
          <OrganizationSelect
            control={{ id }}
            value={text}
            onChange={(v) => {
              if (v) add(v);
            }}
            emptyLabel="Add an organization…"
          />
        ) : (
          <>
            <input
              id={id}
              type="text"
              maxLength={500}
              value={text}
              placeholder="Type a value, press Enter"
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
            />
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => add(text)}
              disabled={!text.trim()}
            >
              Add
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** "Matches N contacts" for the rule as it stands, refreshed as it changes. */
export function RuleMatches({ draft }: { draft: DraftRule }) {
  const rule = ruleOf(draft);
  const settled = useDebouncedValue(rule, 400);
  const preview = useQuery({
    queryKey: ['staff', 'user-groups', 'rule-preview', settled],
    queryFn: () => staffApi.post<RulePreview>('/api/staff/user-groups/rule-preview', { rule: settled }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  const incomplete = draft.conditions.findIndex((c) => conditionProblem(c));
  const updating = rule !== null && (preview.isFetching || JSON.stringify(rule) !== JSON.stringify(settled));

  return (
    <div className="rule-matches" aria-busy={updating || undefined}>
      <div role="status" className="rule-matches-status">
        {rule === null ? (
          <span className="muted">Complete condition {incomplete + 1} to see how many contacts match.</span>
        ) : preview.data ? (
          <>
            <strong className="rule-matches-count">
              Matches {plural(preview.data.matchCount, 'contact')}
            </strong>
            {updating && <span className="muted small"> · updating…</span>}
          </>
        ) : preview.isError ? null : (
          <Loading label="Counting the matching contacts…" />
        )}
      </div>
      {preview.isError && rule !== null && (
        <LoadError
          what="The number of matching contacts"
          error={preview.error}
          onRetry={() => void preview.refetch()}
        />
      )}
      {rule !== null && preview.data && preview.data.sample.length > 0 && (
        <>
          <p className="small muted rule-sample-title">
            {preview.data.matchCount > preview.data.sample.length
              ? `The first ${preview.data.sample.length} by name:`
              : 'They are:'}
          </p>
          <ul className="rule-sample">
            {preview.data.sample.map((c) => (
              <li key={c.id}>
                {c.name} <span className="small rule-sample-email">{c.email}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

const usePreviewCount = (rule: Rule | null) =>
  useQuery({
    queryKey: ['staff', 'user-groups', 'rule-preview', rule],
    queryFn: () => staffApi.post<RulePreview>('/api/staff/user-groups/rule-preview', { rule }),
    enabled: rule !== null,
    staleTime: 5_000,
    retry: false,
  });

/** "The rule matches 6 contacts (3 now)": for the save dialog. */
export function RuleCountChange({ before, after }: { before: Rule | null; after: Rule | null }) {
  const was = usePreviewCount(before);
  const will = usePreviewCount(after);
  if (!after) {
    if (!was.data) return null;
    return <p>The rule matches {plural(was.data.matchCount, 'contact')} now.</p>;
  }
  if (!will.data) return null;
  return (
    <p>
      The new rule matches <strong>{plural(will.data.matchCount, 'contact')}</strong>
      {before && was.data ? `; the rule now matches ${was.data.matchCount}` : ''}. Contacts may also be
      members for other reasons.
    </p>
  );
}
