import { StepUpDialog } from '../shared/StepUpDialog.tsx';
// The staff console (/staff): sign-in, the frame with the main navigation, and every page's route.
// The permission pages (permissions/**, access/**) are their own route trees, mounted here.
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes } from 'react-router';
import { AppShell, type NavItem } from '../shared/AppShell.tsx';
import { EmptyState, PageHeader, useDocumentTitle } from '../shared/ui.tsx';
import { PermissionsRoutes } from './permissions/index.tsx';
import { AccessRoutes } from './access/index.tsx';
import {
  isAdmin,
  mayImpersonate,
  RequireStaffSession,
  useStaffMe,
  useStaffSignOut,
  staffApi,
} from './session.tsx';
import type { StaffMe } from './types.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { TicketPage } from './pages/TicketPage.tsx';
import { NewTicketPage } from './pages/NewTicketPage.tsx';
import { OrganizationsPage } from './pages/OrganizationsPage.tsx';
import { OrganizationPage } from './pages/OrganizationPage.tsx';
import { ContactsPage } from './pages/ContactsPage.tsx';
import { ContactPage } from './pages/contact/ContactPage.tsx';
import { NewContactPage } from './pages/NewContactPage.tsx';
import { ImportExportPage } from './pages/ImportExportPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { MailQueuePage } from './pages/MailQueuePage.tsx';
import { StaffUsersPage } from './pages/StaffUsersPage.tsx';
import { TeamsPage } from './pages/TeamsPage.tsx';
import { SlaPage } from './pages/SlaPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { KbArticlePage, KbPage } from './pages/KbPage.tsx';
import { HeldMailPage } from './pages/HeldMailPage.tsx';
import { DirectoryPage } from './pages/DirectoryPage.tsx';
import { SignInProvidersPage } from './pages/SignInProvidersPage.tsx';
import { CannedResponsesPage } from './pages/CannedResponsesPage.tsx';
import './staff.css';

function navFor(me: StaffMe): NavItem[] {
  const items: NavItem[] = [
    { to: '/staff/tickets', label: 'Tickets' },
    { to: '/staff/organizations', label: 'Organizations' },
    { to: '/staff/contacts', label: 'Contacts' },
    { to: '/staff/kb', label: 'Knowledge base' },
    { to: '/staff/held-mail', label: 'Held mail' },
  ];
  // Permission configuration and the audit log are for administrators; "view portal as" (an
  // access tool) also for agents granted `impersonate`.
  if (isAdmin(me)) items.push({ to: '/staff/permissions', label: 'Permissions' });
  if (mayImpersonate(me)) items.push({ to: '/staff/access', label: 'Access tools' });
  if (isAdmin(me)) items.push({ to: '/staff/audit', label: 'Audit log' });
  if (isAdmin(me)) items.push({ to: '/staff/mail', label: 'Mail queue' });
  if (isAdmin(me)) items.push({ to: '/staff/directory', label: 'Directory' });
  if (isAdmin(me)) items.push({ to: '/staff/sign-in-providers', label: 'Sign-in providers' });
  items.push({ to: '/staff/teams', label: 'Teams' });
  items.push({ to: '/staff/sla', label: 'SLAs' });
  items.push({ to: '/staff/canned-responses', label: 'Canned responses' });
  items.push({ to: '/staff/staff-users', label: 'Staff users' });
  return items;
}

function UserArea({ me }: { me: StaffMe }) {
  const signOut = useStaffSignOut();
  return (
    <>
      <span className="user-name">
        {me.name}
        <span className="user-role"> · {isAdmin(me) ? 'Administrator' : 'Agent'}</span>
      </span>
      <Link to="/staff/account">Account</Link>
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

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing here." action={<Link to="/staff/tickets">Go to the tickets</Link>}>
        <p>The address may be mistyped, or the page is only for administrators.</p>
      </EmptyState>
    </>
  );
}

/** A page only administrators may open; agents see "not found" (the API answers 403 anyway). */
function AdminOnly({ children }: { children: ReactNode }) {
  const me = useStaffMe();
  return isAdmin(me) ? children : <NotFoundPage />;
}

function SignedIn() {
  const me = useStaffMe();
  return (
    <AppShell home="/staff" product="Staff" nav={navFor(me)} user={<UserArea me={me} />}>
      <Routes>
        <Route index element={<Navigate to="/staff/tickets" replace />} />
        <Route path="tickets" element={<TicketsPage />} />
        <Route path="tickets/new" element={<NewTicketPage />} />
        <Route path="tickets/:id" element={<TicketPage />} />
        <Route path="organizations" element={<OrganizationsPage />} />
        <Route path="organizations/:id" element={<OrganizationPage />} />
        <Route path="contacts" element={<ContactsPage />} />
        <Route path="contacts/new" element={<NewContactPage />} />
        <Route path="contacts/:id" element={<ContactPage />} />
        <Route path="import-export" element={<ImportExportPage />} />
        <Route path="staff-users" element={<StaffUsersPage />} />
        <Route path="teams" element={<TeamsPage />} />
        <Route path="sla" element={<SlaPage />} />
        <Route path="canned-responses" element={<CannedResponsesPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="held-mail" element={<HeldMailPage />} />
        <Route path="kb" element={<KbPage />} />
        <Route path="kb/:id" element={<KbArticlePage />} />
        <Route
          path="audit"
          element={
            <AdminOnly>
              <AuditPage />
            </AdminOnly>
          }
        />
        <Route
          path="mail"
          element={
            <AdminOnly>
              <MailQueuePage />
            </AdminOnly>
          }
        />
        <Route
          path="directory"
          element={
            <AdminOnly>
              <DirectoryPage />
            </AdminOnly>
          }
        />
        <Route
          path="sign-in-providers"
          element={
            <AdminOnly>
              <SignInProvidersPage />
            </AdminOnly>
          }
        />
        {/* Built in permissions/** and access/**; the API refuses what the user may not do. */}
        <Route path="permissions/*" element={<PermissionsRoutes />} />
        <Route path="access/*" element={<AccessRoutes />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
      <StepUpDialog api={staffApi} />
    </AppShell>
  );
}

export default function StaffApp() {
  return (
    <div className="staff-console">
      <Routes>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="index.html" element={<Navigate to="/staff" replace />} />
        <Route
          path="*"
          element={
            <RequireStaffSession>
              <SignedIn />
            </RequireStaffSession>
          }
        />
      </Routes>
    </div>
  );
}
