import { SelectField } from '../../../shared/SelectField.tsx';
import { Field, TextField } from '../../../shared/ui.tsx';
import { OrganizationSelect } from '../../components/pickers.tsx';
import type { RuleOperator } from '../types.ts';
import { type DraftCondition, OPERATORS, noValue } from './rule.ts';
import { ListInput } from './ListInput.tsx';

export function ConditionRow(props: {
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
        <SelectField
          label={
            <span>
              Field <span className="visually-hidden">of condition {n}</span>
            </span>
          }
          value={selectValue}
          onChange={setField}
          choices={[...props.fieldChoices, ['__other', 'Another attribute…']]}
        />
        {c.otherAttribute && (
          <TextField
            label={
              <span>
                Attribute name <span className="visually-hidden">of condition {n}</span>
              </span>
            }
            type="text"
            placeholder="costCenter"
            value={c.field.slice('attributes.'.length)}
            onChange={(text) => props.onChange({ field: `attributes.${text.trim()}` })}
          />
        )}
        <SelectField<RuleOperator>
          label={
            <span>
              Operator <span className="visually-hidden">of condition {n}</span>
            </span>
          }
          value={c.op}
          onChange={setOp}
          choices={OPERATORS}
        />
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
