import { useId, useMemo } from 'react';
import { Alert } from '../../../shared/ui.tsx';
import { plural } from '../common.tsx';
import { CATEGORIES, privilegeLabel, privilegeWarnings } from '../privileges.ts';
import type { Privilege, PrivilegeGroupInput, PrivilegeName } from '../types.ts';
import type { SetField } from './draft.ts';

function PrivilegeCategory(props: {
  title: string;
  hint?: string;
  items: Privilege[];
  chosen: ReadonlySet<string>;
  locked: boolean;
  onToggle: (name: PrivilegeName, on: boolean) => void;
  onAll: (on: boolean) => void;
}) {
  const id = useId();
  const all = props.items.every((p) => props.chosen.has(p.name));
  const none = props.items.every((p) => !props.chosen.has(p.name));
  return (
    <fieldset className="privilege-category" aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend className="privilege-legend">{props.title}</legend>
      {!props.locked && (
        <span className="inline-list privilege-tools">
          <button
            type="button"
            className="btn btn-link btn-small"
            onClick={() => props.onAll(true)}
            disabled={all}
          >
            Select all<span className="visually-hidden"> {props.title.toLowerCase()} privileges</span>
          </button>
          <button
            type="button"
            className="btn btn-link btn-small"
            onClick={() => props.onAll(false)}
            disabled={none}
          >
            Clear<span className="visually-hidden"> {props.title.toLowerCase()} privileges</span>
          </button>
        </span>
      )}
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <ul className="privilege-grid">
        {props.items.map((p) => {
          const checked = props.chosen.has(p.name);
          return (
            <li
              key={p.name}
              className={`privilege ${checked ? 'privilege-on' : props.locked ? 'privilege-off' : ''}`}
            >
              {props.locked ? (
                <span className="privilege-mark" aria-hidden="true">
                  {checked ? '✓' : '–'}
                </span>
              ) : (
                <input
                  id={`${id}-${p.name}`}
                  type="checkbox"
                  checked={checked}
                  onChange={(e) => props.onToggle(p.name, e.target.checked)}
                  aria-describedby={`${id}-${p.name}-desc`}
                />
              )}
              <div>
                {props.locked ? (
                  <span className="privilege-name">
                    <span className="visually-hidden">{checked ? 'Included: ' : 'Not included: '}</span>
                    {privilegeLabel(p.name)} <code className="privilege-code">{p.name}</code>
                  </span>
                ) : (
                  <label htmlFor={`${id}-${p.name}`}>
                    {privilegeLabel(p.name)} <code className="privilege-code">{p.name}</code>
                  </label>
                )}
                <p className="privilege-description" id={`${id}-${p.name}-desc`}>
                  {p.description}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The privilege catalogue by category, each privilege a check box. */
export function Privileges(props: {
  catalogue: Privilege[];
  draft: PrivilegeGroupInput;
  locked: boolean;
  set: SetField;
}) {
  const { catalogue, draft, locked, set } = props;
  const chosen = useMemo(() => new Set(draft.privileges), [draft.privileges]);
  const toggle = (name: PrivilegeName, on: boolean) =>
    set(
      'privileges',
      on ? [...new Set([...draft.privileges, name])].sort() : draft.privileges.filter((p) => p !== name),
    );
  const warnings = privilegeWarnings(chosen);
  return (
    <fieldset className="card" disabled={locked}>
      <legend className="card-legend">Privileges</legend>
      <p className="muted">
        {plural(draft.privileges.length, 'privilege')} of {catalogue.length} chosen.
      </p>
      {warnings.length > 0 && !locked && (
        <Alert tone="warning" title="Some choices have no effect" live={false}>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      {CATEGORIES.map((category) => {
        const items = catalogue.filter((p) => category.match(p.name));
        if (items.length === 0) return null;
        return (
          <PrivilegeCategory
            key={category.key}
            title={category.title}
            hint={category.hint}
            items={items}
            chosen={chosen}
            locked={locked}
            onToggle={toggle}
            onAll={(on) =>
              set(
                'privileges',
                on
                  ? [...new Set([...draft.privileges, ...items.map((p) => p.name)])].sort()
                  : draft.privileges.filter((p) => !items.some((i) => i.name === p)),
              )
            }
          />
        );
      })}
      {(() => {
        const other = catalogue.filter((p) => !CATEGORIES.some((c) => c.match(p.name)));
        return other.length ? (
          <PrivilegeCategory
            title="Other"
            items={other}
            chosen={chosen}
            locked={locked}
            onToggle={toggle}
            onAll={() => undefined}
          />
        ) : null;
      })()}
    </fieldset>
  );
}
