import { Link, useParams } from 'react-router';
import { formatDate, formatMoney } from '../../shared/format.ts';
import { DataTable, EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { ContractStatusBadge } from '../badges.tsx';
import { RecordTable, useRecordList, DetailsAside, useRecordPage } from '../records.tsx';
import type { Contract } from '../types.ts';

const period = (c: Contract) =>
  c.startsOn || c.endsOn
    ? `${formatDate(c.startsOn)} – ${c.endsOn ? formatDate(c.endsOn) : 'open-ended'}`
    : '—';

export function ContractsPage() {
  useDocumentTitle('Contracts');
  const list = useRecordList<Contract>('/api/portal/contracts');
  return (
    <>
      <PageHeader title="Contracts" subtitle="Service agreements with your organization." />
      <RecordTable
        list={list}
        caption="Contracts"
        moreLabel="Load more contracts"
        empty={<EmptyState title="No contracts to show." />}
        columns={[
          {
            header: 'Contract',
            primary: true,
            cell: (c) => <Link to={`/portal/contracts/${c.id}`}>{c.name}</Link>,
          },
          { header: 'Organization', cell: (c) => c.organization.name },
          { header: 'Period', cell: period },
          { header: 'Status', cell: (c) => <ContractStatusBadge status={c.status} /> },
        ]}
      />
    </>
  );
}

function ContractCharges({ charges }: { charges: NonNullable<Contract['charges']> }) {
  return (
    <section className="card" aria-labelledby="contract-charges">
      <h2 id="contract-charges">Charges</h2>
      {charges.items.length === 0 ? (
        <p className="muted">No charges on this contract.</p>
      ) : (
        <DataTable
          caption="Charges on this contract"
          rows={charges.items}
          rowKey={(c) => c.id}
          columns={[
            { header: 'Description', primary: true, cell: (c) => c.description },
            { header: 'Date', cell: (c) => <span className="nowrap">{formatDate(c.chargedOn)}</span> },
            { header: 'Amount', numeric: true, cell: (c) => formatMoney(c.amountCents, c.currency) },
          ]}
        />
      )}
      {charges.nextCursor && (
        <p className="small">
          <Link to="/portal/charges">See all charges</Link>
        </p>
      )}
    </section>
  );
}

export function ContractPage() {
  const { id = '' } = useParams();
  const back = { to: '/portal/contracts', label: 'Contracts' };
  const { record: c, status } = useRecordPage<Contract>(
    `/api/portal/contracts/${id}`,
    'contract',
    back,
    (r) => r.name,
  );
  if (!c) return status;
  return (
    <>
      <PageHeader title={c.name} back={back} subtitle={c.organization.name} />
      <div className="two-columns">
        <div>
          <section className="card" aria-labelledby="terms-heading">
            <h2 id="terms-heading">Terms</h2>
            {c.terms?.trim() ? (
              <div className="pre-wrap">{c.terms}</div>
            ) : (
              <p className="muted">No terms recorded.</p>
            )}
          </section>
          {c.charges && <ContractCharges charges={c.charges} />}
        </div>
        <DetailsAside
          what="contract"
          items={[
            ['Status', <ContractStatusBadge key="s" status={c.status} />],
            ['Starts', c.startsOn ? formatDate(c.startsOn) : undefined],
            ['Ends', c.endsOn ? formatDate(c.endsOn) : 'Open-ended'],
          ]}
        />
      </div>
    </>
  );
}
