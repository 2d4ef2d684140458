import { StepUpDialog } from '../shared/StepUpDialog.tsx';
// The customer portal's pages. A module the contact may not use has no menu entry and no page.
import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PortalLayout } from './PortalLayout.tsx';
import { hasModule, RequireSession, useMe, portalApi } from './session.tsx';
import type { Module } from './types.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { SetPasswordPage } from './pages/SetPasswordPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { TicketPage } from './pages/TicketPage.tsx';
import { NewTicketPage } from './pages/NewTicketPage.tsx';
import { AssetsPage, AssetPage } from './pages/AssetsPages.tsx';
import { ContractsPage, ContractPage } from './pages/ContractsPages.tsx';
import { ChargesPage } from './pages/ChargesPage.tsx';
import { QuotesPage, QuotePage } from './pages/QuotesPages.tsx';
import { InvoicesPage, InvoicePage } from './pages/InvoicesPages.tsx';
import { PaymentsPage } from './pages/PaymentsPage.tsx';
import { DocumentsPage } from './pages/DocumentsPage.tsx';
import { KbPage, KbArticlePage } from './pages/KbPages.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { HomeRedirect, NotFoundPage } from './pages/NotFoundPage.tsx';

/** A page of a module: absent (not found) for a contact that may not use the module. */
function ModulePage({ module, children }: { module: Module; children: ReactNode }) {
  const me = useMe();
  return hasModule(me, module) ? children : <NotFoundPage />;
}

const inModule = (module: Module, page: ReactNode) => <ModulePage module={module}>{page}</ModulePage>;

function SignedIn() {
  return (
    <RequireSession>
      <PortalLayout>
        <Routes>
          <Route index element={<HomeRedirect />} />
          <Route path="tickets" element={inModule('tickets', <TicketsPage />)} />
          <Route path="tickets/new" element={inModule('tickets', <NewTicketPage />)} />
          <Route path="tickets/:id" element={inModule('tickets', <TicketPage />)} />
          <Route path="assets" element={inModule('assets', <AssetsPage />)} />
          <Route path="assets/:id" element={inModule('assets', <AssetPage />)} />
          <Route path="contracts" element={inModule('contracts', <ContractsPage />)} />
          <Route path="contracts/:id" element={inModule('contracts', <ContractPage />)} />
          <Route path="charges" element={inModule('charges', <ChargesPage />)} />
          <Route path="quotes" element={inModule('quotes', <QuotesPage />)} />
          <Route path="quotes/:id" element={inModule('quotes', <QuotePage />)} />
          <Route path="invoices" element={inModule('invoices', <InvoicesPage />)} />
          <Route path="invoices/:id" element={inModule('invoices', <InvoicePage />)} />
          <Route path="payments" element={inModule('payments', <PaymentsPage />)} />
          <Route path="documents" element={inModule('documents', <DocumentsPage />)} />
          <Route path="kb" element={inModule('kb', <KbPage />)} />
          <Route path="kb/:id" element={inModule('kb', <KbArticlePage />)} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
        <StepUpDialog api={portalApi} />
      </PortalLayout>
    </RequireSession>
  );
}

export function PortalApp() {
  return (
    <Routes>
      <Route path="sign-in" element={<SignInPage />} />
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="set-password" element={<SetPasswordPage />} />
      <Route path="index.html" element={<Navigate to="/portal" replace />} />
      <Route path="*" element={<SignedIn />} />
    </Routes>
  );
}
