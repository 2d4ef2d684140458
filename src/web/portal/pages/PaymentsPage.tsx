import { Link } from 'react-router';
import { formatDate, formatMoney, humanize } from '../../shared/format.ts';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { RecordTable, useRecordList } from '../records.tsx';
import { hasModule, useMe } from '../session.tsx';
import type { Payment } from '../types.ts';

export function PaymentsPage() {
  useDocumentTitle('Payments');
  const me = useMe();
  const list = useRecordList<Payment>('/api/portal/payments');
  const invoiceCell = (p: Payment) => {
    if (!p.invoice) return '—';
    const label = `Invoice ${p.invoice.number}`;
    return hasModule(me, 'invoices') ? <Link to={`/portal/invoices/${p.invoice.id}`}>{label}</Link> : label;
  };
  return (
    <>
      <PageHeader title="Payments" subtitle="Payments we have received from your organization." />
      <RecordTable
        list={list}
        caption="Payments"
        moreLabel="Load more payments"
        empty={<EmptyState title="No payments to show." />}
        columns={[
          { header: 'Received', primary: true, cell: (p) => formatDate(p.receivedOn) },
          { header: 'Invoice', cell: invoiceCell },
          { header: 'Method', cell: (p) => humanize(p.method) },
          { header: 'Reference', cell: (p) => p.reference || '—' },
          { header: 'Amount', numeric: true, cell: (p) => formatMoney(p.amountCents, p.currency) },
        ]}
      />
    </>
  );
}
