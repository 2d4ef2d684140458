// The rule editor of a user group: all/any over conditions "field operator value", with a live
// "matches N contacts" and a sample (POST /api/staff/user-groups/rule-preview, debounced) that the
// database works out with the same function that decides membership.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../../shared/api.ts';
import { staffApi } from '../../session.tsx';
import type { Contact } from '../../types.ts';
import {
  type DraftCondition,
  type DraftRule,
  STANDARD_FIELDS,
  conditionProblem,
  newCondition,
} from './rule.ts';
import { ConditionRow } from './ConditionRow.tsx';

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
