import { Fragment } from 'react';
import { Link } from 'react-router';
import { Alert, Badge } from '../../../shared/ui.tsx';
import { ACCESS, PERMISSIONS } from '../../permissions/common.tsx';
import type { ActionExplanation, Explanation } from '../types.ts';
import { ACTION_LABEL, DENIAL_LABEL, PATH_LABEL } from './labels.ts';

/** "cannot see ticket #31: its privilege group …" → "Its privilege group …": the why, after the verb. */
export function why(text: string): string {
  const at = text.indexOf(': ');
  const rest = at >= 0 ? text.slice(at + 2) : text;
  return rest.charAt(0).toUpperCase() + rest.slice(1) + (/[.)]$/.test(rest) ? '' : '.');
}

/** Actions allowed by the same paths, or denied for the same reason, are shown together. */
type ActionGroup = { key: string; allowed: boolean; actions: ActionExplanation[] };

function groupActions(actions: ActionExplanation[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const a of actions) {
    const key = a.allowed
      ? `allowed:${a.paths.map((p) => `${p.kind}/${p.level}/${why(p.text)}`).join('|')}`
      : `denied:${a.denial?.reason}/${why(a.denial?.text ?? '')}`;
    const group = groups.get(key) ?? { key, allowed: a.allowed, actions: [] };
    group.actions.push(a);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const { contact, record, actions } = explanation;
  const see = actions.find((a) => a.action === 'see');
  const recordLink = record.type === 'ticket' ? `/staff/tickets/${record.id}` : undefined;
  const headline = see?.allowed ? see.paths[0] : see?.denial;
  return (
    <section aria-labelledby="explain-result" className="stack">
      <div className={`card verdict ${see?.allowed ? 'verdict-allowed' : 'verdict-denied'}`}>
        <h2 id="explain-result">
          {contact.name} {see?.allowed ? 'can' : 'cannot'} see{' '}
          {recordLink ? <Link to={recordLink}>{record.label}</Link> : record.label}
        </h2>
        {headline && !see?.allowed && <p>{why(headline.text)}</p>}
        {see?.allowed && see.paths.length > 0 && (
          <p>
            {see.paths.length === 1 ? 'One path' : `${see.paths.length} paths`} let
            {see.paths.length === 1 ? 's' : ''} it see the{' '}
            {record.type === 'article' ? 'article' : record.type}; the actions below say what else it may do.
          </p>
        )}
        <p className="muted small">
          {contact.email} · <Link to={`${ACCESS}/contacts/${contact.id}`}>effective access</Link>
          {contact.maySignIn && (
            <>
              {' '}
              ·{' '}
              <Link to={`${ACCESS}/view-as?contactId=${contact.id}`}>view the portal as {contact.name}</Link>
            </>
          )}
        </p>
        {contact.disabled && (
          <Alert tone="warning" live={false}>
            <p>This contact is disabled: it cannot sign in, so it sees nothing.</p>
          </Alert>
        )}
        {!contact.disabled && !contact.maySignIn && (
          <Alert tone="warning" live={false}>
            <p>This contact cannot sign in to the portal, so it sees nothing.</p>
          </Alert>
        )}
      </div>
      <h2 className="visually-hidden">Every action</h2>
      <ul className="action-list" aria-label={`What ${contact.name} may do with ${record.label}`}>
        {groupActions(actions).map((g) => (
          <ActionGroupItem key={g.key} group={g} />
        ))}
      </ul>
    </section>
  );
}

function ActionGroupItem({ group }: { group: ActionGroup }) {
  const first = group.actions[0];
  if (!first) return null;
  const labels = group.actions.map((a) => ACTION_LABEL[a.action] ?? a.action);
  const fix = fixLink(first);
  return (
    <li className={`action ${group.allowed ? 'action-allowed' : 'action-denied'}`}>
      <div className="action-head">
        <span className="action-verdict">
          {group.allowed ? (
            <Badge tone="success">
              <span aria-hidden="true">✓</span> Allowed
            </Badge>
          ) : (
            <Badge tone="danger">
              <span aria-hidden="true">✕</span> Denied
            </Badge>
          )}
        </span>
        <h3 className="action-name">
          {labels.map((l, i) => (
            <Fragment key={l}>
              {i > 0 && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="visually-hidden">, </span>
                </>
              )}
              <span className="action-label">{l}</span>
            </Fragment>
          ))}
        </h3>
      </div>
      {group.allowed ? (
        <ul className="path-list" aria-label={`Why: ${labels.join(', ')}`}>
          {first.paths.map((p, i) => (
            <li key={i}>
              <Badge tone={p.kind === 'grant' ? 'accent' : p.kind === 'own' ? 'success' : 'info'}>
                {PATH_LABEL[p.kind] ?? p.kind} · {p.level === 'write' ? 'write' : 'read'}
              </Badge>{' '}
              {why(p.text)}
            </li>
          ))}
        </ul>
      ) : (
        first.denial && (
          <p className="denial">
            <Badge tone="neutral">{DENIAL_LABEL[first.denial.reason] ?? first.denial.reason}</Badge>{' '}
            {why(first.denial.text)}
            {fix && (
              <>
                {' '}
                <Link to={fix.to}>{fix.label}</Link>
              </>
            )}
          </p>
        )
      )}
    </li>
  );
}

/** Where to change what denies the action, when the answer names it. */
function fixLink(action: ActionExplanation): { to: string; label: string } | undefined {
  const d = action.denial;
  if (!d) return undefined;
  const group = d.data.privilegeGroup as { id?: string; name?: string } | undefined;
  if ((d.reason === 'privilege_missing' || d.reason === 'no_portal_login') && group?.id)
    return {
      to: `${PERMISSIONS}/privilege-groups/${group.id}`,
      label: `Open “${group.name ?? 'the privilege group'}”`,
    };
  if (d.reason === 'module_not_usable')
    return { to: `${PERMISSIONS}/modules`, label: 'Open module visibility' };
  if (d.reason === 'not_reached') {
    const grants = (d.data.grants as { grantId: string; live: boolean }[] | undefined) ?? [];
    const expired = grants.find((g) => !g.live);
    if (expired)
      return { to: `${PERMISSIONS}/access-grants/${expired.grantId}`, label: 'Open the expired grant' };
  }
  return undefined;
}
