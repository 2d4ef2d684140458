import { useId, useState, type KeyboardEvent } from 'react';
import { OrganizationSelect } from '../../components/pickers.tsx';
import { useOrganizationIndex } from '../../queries.ts';

/** Values for "is one of": each a removable chip; Enter, a comma or the Add button adds one. */
export function ListInput(props: {
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
