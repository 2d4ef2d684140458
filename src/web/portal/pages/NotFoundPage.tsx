import { Link, Navigate } from 'react-router';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { navFor } from '../PortalLayout.tsx';
import { useMe } from '../session.tsx';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing here." action={<Link to="/portal">Go to the start page</Link>}>
        <p>The address may be mistyped, or the page is not available to your account.</p>
      </EmptyState>
    </>
  );
}

/** /portal opens the first module the contact has (tickets for most). */
export function HomeRedirect() {
  const me = useMe();
  const first = navFor(me)[0];
  if (first) return <Navigate to={first.to} replace />;
  return (
    <>
      <PageHeader title={`Welcome, ${me.contact.name}`} />
      <EmptyState
        title="Nothing is shared with your account yet."
        action={<Link to="/portal/account">Your account</Link>}
      >
        <p>Ask your administrator or the support team which parts of the portal you should see.</p>
      </EmptyState>
    </>
  );
}
