// Access tools (/staff/access, permission-model §8): why a contact can or cannot see a record, a
// contact's effective access, the access review of a group or organization (with CSV), and "view
// portal as". Administrators have all of them; an agent granted `impersonate` only "view portal as".
import { Navigate, Outlet, Route, Routes } from 'react-router';
import { PageHeader } from '../../shared/ui.tsx';
import { ACCESS, SectionNav } from '../permissions/common.tsx';
import { isAdmin, useStaffMe } from '../session.tsx';
import { ExplainPage } from './explain/ExplainPage.tsx';
import { ContactAccessPage, ContactAccessPicker } from './ContactAccessPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { ViewAsPage } from './ViewAsPage.tsx';

function AccessFrame({ admin }: { admin: boolean }) {
  const items = admin
    ? [
        { to: `${ACCESS}/explain`, label: 'Explain' },
        { to: `${ACCESS}/contacts`, label: 'Effective access' },
        { to: `${ACCESS}/review`, label: 'Access review' },
        { to: `${ACCESS}/view-as`, label: 'View portal as' },
      ]
    : [{ to: `${ACCESS}/view-as`, label: 'View portal as' }];
  return (
    <>
      <PageHeader
        title="Access tools"
        subtitle="Check what a contact can see and why, and see the portal as it does."
      />
      <SectionNav label="Access tools" items={items} />
      <Outlet />
    </>
  );
}

export function AccessRoutes() {
  const admin = isAdmin(useStaffMe());
  return (
    <Routes>
      <Route element={<AccessFrame admin={admin} />}>
        <Route index element={<Navigate to={admin ? 'explain' : 'view-as'} replace />} />
        {admin && <Route path="explain" element={<ExplainPage />} />}
        {admin && <Route path="contacts" element={<ContactAccessPicker />} />}
        {admin && <Route path="review" element={<ReviewPage />} />}
        <Route path="view-as" element={<ViewAsPage />} />
      </Route>
      {admin && <Route path="contacts/:id" element={<ContactAccessPage />} />}
      <Route path="*" element={<Navigate to={`${ACCESS}/${admin ? 'explain' : 'view-as'}`} replace />} />
    </Routes>
  );
}
