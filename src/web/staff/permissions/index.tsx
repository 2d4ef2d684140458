// Permissions (/staff/permissions): privilege groups, user groups, access grants and module
// visibility (permission-model §2–5). Administrators only: the API answers 403 to anyone else.
import { Navigate, Outlet, Route, Routes } from 'react-router';
import { Alert, PageHeader } from '../../shared/ui.tsx';
import { isAdmin, useStaffMe } from '../session.tsx';
import { PERMISSIONS, SectionNav } from './common.tsx';
import { PrivilegeGroupsPage } from './PrivilegeGroupsPage.tsx';
import { PrivilegeGroupPage } from './privilege-group/PrivilegeGroupPage.tsx';
import { NewUserGroupPage, UserGroupsPage } from './UserGroupsPage.tsx';
import { UserGroupPage } from './user-group/UserGroupPage.tsx';
import { AccessGrantPage } from './access-grants/AccessGrantPage.tsx';
import { AccessGrantsPage } from './access-grants/AccessGrantsPage.tsx';
import { ModulesPage } from './ModulesPage.tsx';

export const PERMISSION_SECTIONS = [
  { to: `${PERMISSIONS}/privilege-groups`, label: 'Privilege groups' },
  { to: `${PERMISSIONS}/user-groups`, label: 'User groups' },
  { to: `${PERMISSIONS}/access-grants`, label: 'Access grants' },
  { to: `${PERMISSIONS}/modules`, label: 'Module visibility' },
];

/** The lists share a title and the section tabs; the editors have their own header. */
function PermissionsFrame() {
  return (
    <>
      <PageHeader title="Permissions" subtitle="Who may see and do what in the customer portal." />
      <SectionNav label="Permission settings" items={PERMISSION_SECTIONS} />
      <Outlet />
    </>
  );
}

export function PermissionsRoutes() {
  const me = useStaffMe();
  if (!isAdmin(me))
    return (
      <>
        <PageHeader title="Permissions" />
        <Alert tone="warning" title="Only administrators can see this">
          <p>Privilege groups, user groups, access grants and module visibility are set by administrators.</p>
        </Alert>
      </>
    );
  return (
    <Routes>
      <Route element={<PermissionsFrame />}>
        <Route index element={<Navigate to="privilege-groups" replace />} />
        <Route path="privilege-groups" element={<PrivilegeGroupsPage />} />
        <Route path="user-groups" element={<UserGroupsPage />} />
        <Route path="access-grants" element={<AccessGrantsPage />} />
        <Route path="modules" element={<ModulesPage />} />
      </Route>
      <Route path="privilege-groups/new" element={<PrivilegeGroupPage />} />
      <Route path="privilege-groups/:id" element={<PrivilegeGroupPage />} />
      <Route path="user-groups/new" element={<NewUserGroupPage />} />
      <Route path="user-groups/:id" element={<UserGroupPage />} />
      <Route path="access-grants/new" element={<AccessGrantPage />} />
      <Route path="access-grants/:id" element={<AccessGrantPage />} />
      <Route path="*" element={<Navigate to={`${PERMISSIONS}/privilege-groups`} replace />} />
    </Routes>
  );
}
