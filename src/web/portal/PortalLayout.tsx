import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { AppShell, type NavItem } from '../shared/AppShell.tsx';
import { formatDateTime } from '../shared/format.ts';
import { ErrorMessage } from '../shared/ui.tsx';
import { hasModule, useMe, useSignOut } from './session.tsx';
import { hiddenActions } from './read-only-view.ts';
import type { Me, Module } from './types.ts';

export const MODULE_PAGES: { module: Module; to: string; label: string }[] = [
  { module: 'tickets', to: '/portal/tickets', label: 'Tickets' },
  { module: 'assets', to: '/portal/assets', label: 'Assets' },
  { module: 'contracts', to: '/portal/contracts', label: 'Contracts' },
  { module: 'charges', to: '/portal/charges', label: 'Charges' },
  { module: 'quotes', to: '/portal/quotes', label: 'Quotes' },
  { module: 'invoices', to: '/portal/invoices', label: 'Invoices' },
  { module: 'payments', to: '/portal/payments', label: 'Payments' },
  { module: 'documents', to: '/portal/documents', label: 'Documents' },
  { module: 'kb', to: '/portal/kb', label: 'Knowledge base' },
];

export const navFor = (me: Me): NavItem[] =>
  MODULE_PAGES.filter((p) => hasModule(me, p.module)).map(({ to, label }) => ({ to, label }));

/** What the read-only view hides, and that the contact could do it: the view's limit is not theirs. */
function ReadOnlyNote({ me }: { me: Me }) {
  const hidden = hiddenActions(me);
  const name = me.contact.name;
  return hidden ? (
    <>
      {' '}
      Controls to {hidden} are hidden because this view is read-only; {name} can use them.
    </>
  ) : (
    <> {name} cannot change anything in the portal either: this is exactly what they see.</>
  );
}

/** Shown while a staff user views the portal as this contact ("view portal as"). */
function ImpersonationBanner({ me }: { me: Me }) {
  // Leaving ends this portal session and goes back to the staff console.
  const exit = useSignOut('/staff');
  const impersonation = me.impersonation;
  if (!impersonation) return null;
  return (
    <div className="banner" role="region" aria-label="Impersonation">
      <div className="banner-inner">
        <p>
          <strong>{impersonation.staffName}</strong>, you are viewing the portal as{' '}
          <strong>{me.contact.name}</strong> (
          {impersonation.mode === 'read' ? 'read-only' : 'changes allowed'}
          ), until {formatDateTime(impersonation.expiresAt)}.
          {impersonation.mode === 'read' && <ReadOnlyNote me={me} />}
        </p>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => exit.mutate()}
          disabled={exit.isPending}
        >
          {exit.isPending ? 'Leaving…' : 'Exit impersonation'}
        </button>
      </div>
      {exit.isError && <ErrorMessage error={exit.error} />}
    </div>
  );
}

function UserArea({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <>
      <span className="user-name">{me.contact.name}</span>
      <Link to="/portal/account">Account</Link>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </>
  );
}

export function PortalLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  return (
    <AppShell
      home="/portal"
      product="Portal"
      context={me.organization.name}
      nav={navFor(me)}
      user={<UserArea me={me} />}
      banner={<ImpersonationBanner me={me} />}
    >
      {children}
    </AppShell>
  );
}
