// A labelled <select> from a table of choices: the one shape of the dropdowns in filter bars and
// forms (a status filter, a role, a user group).
import type { ReactNode } from 'react';
import { Field } from './ui.tsx';

/** A choice: its value and the words shown for it. */
export type Choice<V extends string = string> = readonly [value: V, label: string];

/** Named records (groups, staff users) as choices, by id. */
export const namedChoices = (items: readonly { id: string; name: string }[] | undefined): Choice[] =>
  (items ?? []).map((item) => [item.id, item.name]);

/** The choices of a list of values named by `label`. */
export const choicesOf = <V extends string>(values: readonly V[], label: (value: V) => string) =>
  values.map((v): Choice<V> => [v, label(v)]);

export function SelectField<V extends string>(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  value: V;
  onChange: (value: V) => void;
  choices: readonly Choice<V>[];
  /** A first choice with the value '' ("All priorities", "Choose a user group…"). */
  empty?: string;
  name?: string;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className={props.className}>
      {(control) => (
        <select
          {...control}
          name={props.name}
          value={props.value}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value as V)}
        >
          {props.empty !== undefined && <option value="">{props.empty}</option>}
          {props.choices.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
