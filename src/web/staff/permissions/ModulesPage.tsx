// Module visibility: each portal module may be limited to members of some user groups; with no
// group it is open to every contact whose privileges allow it. Changes go through the preview.
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Badge, EmptyState, Loading, useDocumentTitle } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import {
  LoadError,
  MODULE_LABEL,
  PERMISSIONS,
  useAllUserGroups,
  useModuleVisibility,
  VIEW_PRIVILEGE,
} from './common.tsx';
import { privilegeLabel } from './privileges.ts';
import { SaveDialog } from './SaveDialog.tsx';
import type { Module, ModuleVisibility, UserGroup } from './types.ts';

export function ModulesPage() {
  useDocumentTitle('Module visibility');
  const modules = useModuleVisibility();
  const groups = useAllUserGroups();
  const [editing, setEditing] = useState<Module | null>(null);

  return (
    <>
      <div className="section-header">
        <div>
          <h2>Module visibility</h2>
          <p className="muted">
            Limit a module to the members of some user groups. With no group, the module is open to every
            contact whose privilege group allows it. For anyone else the module is absent from the portal, as
            if there were nothing in it.
          </p>
        </div>
      </div>
      {modules.isPending || groups.isPending ? (
        <Loading label="Loading modules…" />
      ) : modules.isError ? (
        <LoadError what="Module visibility" error={modules.error} onRetry={() => void modules.refetch()} />
      ) : groups.isError ? (
        <LoadError what="The user groups" error={groups.error} onRetry={() => void groups.refetch()} />
      ) : (
        <ul className="module-list">
          {modules.data.map((m) => (
            <ModuleRow
              key={m.module}
              visibility={m}
              groups={groups.data}
              editing={editing === m.module}
              onEdit={(on) => setEditing(on ? m.module : null)}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function ModuleRow(props: {
  visibility: ModuleVisibility;
  groups: UserGroup[];
  editing: boolean;
  onEdit: (on: boolean) => void;
}) {
  const { visibility, groups } = props;
  const id = useId();
  const label = MODULE_LABEL[visibility.module];
  const current = visibility.allowedGroups.map((g) => g.id);
  const [chosen, setChosen] = useState<string[]>(current);
  const [confirming, setConfirming] = useState(false);
  const [filter, setFilter] = useState('');
  const dirty = chosen.length !== current.length || chosen.some((g) => !current.includes(g));
  const nameOf = (groupId: string) => groups.find((g) => g.id === groupId)?.name ?? 'a user group';
  const shown = groups.filter(
    (g) => !filter.trim() || g.name.toLowerCase().includes(filter.trim().toLowerCase()),
  );

  const start = () => {
    setChosen(current);
    setFilter('');
    props.onEdit(true);
  };
  const added = chosen.filter((g) => !current.includes(g));
  const removed = current.filter((g) => !chosen.includes(g));

  return (
    <li className="module-row card">
      <div className="module-row-header">
        <div>
          <h3 id={`${id}-title`}>{label}</h3>
          <p className="muted small">
            Needs the privilege “{privilegeLabel(VIEW_PRIVILEGE[visibility.module])}”.
          </p>
        </div>
        <div className="module-allowed">
          {visibility.allowedGroups.length === 0 ? (
            <Badge tone="success">Open to all</Badge>
          ) : (
            <>
              <span className="small muted">Only members of</span>
              <span className="item-badges">
                {visibility.allowedGroups.map((g) => (
                  <Link key={g.id} className="chip chip-link" to={`${PERMISSIONS}/user-groups/${g.id}`}>
                    {g.name}
                  </Link>
                ))}
              </span>
            </>
          )}
        </div>
        {!props.editing && (
          <button type="button" className="btn btn-secondary btn-small" onClick={start}>
            Change<span className="visually-hidden"> who may use {label}</span>
          </button>
        )}
      </div>
      {props.editing && (
        <div className="module-editor">
          {groups.length === 0 ? (
            <EmptyState title="There are no user groups yet.">
              <p>
                <Link to={`${PERMISSIONS}/user-groups/new`}>Make a user group</Link> to limit a module to it.
              </p>
            </EmptyState>
          ) : (
            <fieldset>
              <legend className="field-legend">Allowed user groups for {label}</legend>
              <p className="field-hint">Choose none to open the module to everyone.</p>
              {groups.length > 12 && (
                <div className="field">
                  <label htmlFor={`${id}-filter`} className="visually-hidden">
                    Filter user groups
                  </label>
                  <input
                    id={`${id}-filter`}
                    type="search"
                    placeholder="Filter groups"
                    value={filter}
                    onChange={(e) => setFilter(e.target.value)}
                  />
                </div>
              )}
              <ul className="check-list">
                {shown.map((g) => (
                  <li key={g.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={chosen.includes(g.id)}
                        onChange={(e) =>
                          setChosen(e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))
                        }
                      />
                      {g.name}
                      {g.always && <span className="muted small"> (every contact)</span>}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!dirty}
              onClick={() => setConfirming(true)}
            >
              Review and save…
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => props.onEdit(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <SaveDialog
        open={confirming}
        title={`Change who may use ${label}?`}
        summary={
          <ul className="change-list">
            {chosen.length === 0 ? (
              <li>{label} becomes open to every contact whose privileges allow it.</li>
            ) : (
              <li>
                {label} becomes limited to members of {chosen.map(nameOf).join(', ')}.
              </li>
            )}
            {added.length > 0 && current.length > 0 && <li>Adds: {added.map(nameOf).join(', ')}</li>}
            {removed.length > 0 && chosen.length > 0 && <li>Removes: {removed.map(nameOf).join(', ')}</li>}
          </ul>
        }
        change={{ kind: 'set_module_groups', module: visibility.module, allowedGroupIds: chosen }}
        note={
          visibility.module === 'kb' || visibility.module === 'charges'
            ? `The preview counts tickets and organization records; it does not count ${visibility.module === 'kb' ? 'knowledge-base articles' : 'charges'}.`
            : undefined
        }
        confirmLabel="Save"
        save={() =>
          staffApi.put<ModuleVisibility>(`/api/staff/modules/${visibility.module}`, {
            allowedGroupIds: chosen,
          })
        }
        onSaved={() => {
          setConfirming(false);
          props.onEdit(false);
        }}
        onCancel={() => setConfirming(false)}
      />
    </li>
  );
}
