import { Link } from 'react-router';
import { formatDate, formatMoney } from '../../shared/format.ts';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { RecordTable, useRecordList } from '../records.tsx';
import { hasModule, useMe } from '../session.tsx';
import type { Charge } from '../types.ts';

export function ChargesPage() {
  useDocumentTitle('Charges');
  const me = useMe();
  const list = useRecordList<Charge>('/api/portal/charges');
  const forWhat = (c: Charge) => {
    if (c.ticket) {
      const label = `Ticket #${c.ticket.number}`;
      return hasModule(me, 'tickets') ? (
        <Link to={`/portal/tickets/${c.ticket.id}`} title={c.ticket.subject}>
          {label}
        </Link>
      ) : (
        label
      );
    }
    if (c.contract) {
      const label = c.contract.name;
      return hasModule(me, 'contracts') ? (
        <Link to={`/portal/contracts/${c.contract.id}`}>{label}</Link>
      ) : (
        label
      );
    }
    return '—';
  };
  return (
    <>
      <PageHeader title="Charges" subtitle="Work and services charged on your tickets and contracts." />
      <RecordTable
        list={list}
        caption="Charges"
        moreLabel="Load more charges"
        empty={<EmptyState title="No charges to show." />}
        columns={[
          { header: 'Description', primary: true, cell: (c) => c.description },
          { header: 'Date', cell: (c) => <span className="nowrap">{formatDate(c.chargedOn)}</span> },
          { header: 'For', cell: forWhat },
          { header: 'Quantity', numeric: true, cell: (c) => c.quantity },
          { header: 'Unit price', numeric: true, cell: (c) => formatMoney(c.unitPriceCents, c.currency) },
          { header: 'Amount', numeric: true, cell: (c) => formatMoney(c.amountCents, c.currency) },
        ]}
      />
    </>
  );
}
