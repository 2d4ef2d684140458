import { Link, useParams, useSearchParams } from 'react-router';
import { formatDate, formatMoney } from '../../shared/format.ts';
import { EmptyState, Field, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { INVOICE_STATES, InvoiceStatusBadge } from '../badges.tsx';
import { LinesTable, RecordTable, Totals, useRecordList, DetailsAside, useRecordPage } from '../records.tsx';
import { hasModule, useMe } from '../session.tsx';
import type { Invoice, InvoiceStatus } from '../types.ts';

const pdfUrl = (id: string) => `/api/portal/invoices/${id}/pdf`;

export function InvoicesPage() {
  useDocumentTitle('Invoices');
  // The state filter lives in the address (?status=overdue), so a filtered list can be shared.
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useRecordList<Invoice>('/api/portal/invoices', status ? { status } : {});
  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next);
  };
  return (
    <>
      <PageHeader title="Invoices" />
      <div className="toolbar">
        <Field label="State">
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All</option>
              {(Object.keys(INVOICE_STATES) as InvoiceStatus[]).map((s) => (
                <option key={s} value={s}>
                  {INVOICE_STATES[s][0]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <RecordTable
        list={list}
        caption="Invoices"
        moreLabel="Load more invoices"
        empty={<EmptyState title="No invoices to show." />}
        columns={[
          {
            header: 'Invoice',
            primary: true,
            cell: (i) => <Link to={`/portal/invoices/${i.id}`}>Invoice {i.number}</Link>,
          },
          { header: 'State', cell: (i) => <InvoiceStatusBadge status={i.status} /> },
          { header: 'Issued', cell: (i) => formatDate(i.issuedOn) },
          { header: 'Due', cell: (i) => formatDate(i.dueOn) },
          { header: 'Total', numeric: true, cell: (i) => formatMoney(i.totalCents, i.currency) },
          { header: 'Balance', numeric: true, cell: (i) => formatMoney(i.balanceCents, i.currency) },
          {
            header: 'PDF',
            cell: (i) => (
              <a href={pdfUrl(i.id)} download>
                Download<span className="visually-hidden"> invoice {i.number} as PDF</span>
              </a>
            ),
          },
        ]}
      />
    </>
  );
}

export function InvoicePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const back = { to: '/portal/invoices', label: 'Invoices' };
  const { record: i, status } = useRecordPage<Invoice>(
    `/api/portal/invoices/${id}`,
    'invoice',
    back,
    (r) => `Invoice ${r.number}`,
  );
  if (!i) return status;
  return (
    <>
      <PageHeader
        title={`Invoice ${i.number}`}
        subtitle={i.organization.name}
        back={back}
        actions={
          <a className="btn btn-primary" href={pdfUrl(i.id)} download>
            Download PDF
          </a>
        }
      />
      <div className="two-columns">
        <div>
          <section className="card" aria-labelledby="invoice-lines">
            <h2 id="invoice-lines">Items</h2>
            <LinesTable lines={i.lines ?? []} caption={`Items of invoice ${i.number}`} />
            <Totals
              currency={i.currency}
              rows={[
                ['Total', i.totalCents],
                ['Paid', i.paidCents],
                ['Balance due', i.balanceCents],
              ]}
            />
          </section>
          {hasModule(me, 'payments') && (i.paidCents ?? 0) > 0 && (
            <p className="small">
              <Link to="/portal/payments">See your payments</Link>
            </p>
          )}
        </div>
        <DetailsAside
          what="invoice"
          items={[
            ['State', <InvoiceStatusBadge key="s" status={i.status} />],
            ['Issued', i.issuedOn ? formatDate(i.issuedOn) : undefined],
            ['Due', i.dueOn ? formatDate(i.dueOn) : undefined],
            [
              'From quote',
              i.quote &&
                (hasModule(me, 'quotes') ? (
                  <Link to={`/portal/quotes/${i.quote.id}`}>Q-{i.quote.number}</Link>
                ) : (
                  `Q-${i.quote.number}`
                )),
            ],
            ['Notes', i.notes ? <span className="pre-wrap">{i.notes}</span> : undefined],
          ]}
        />
      </div>
    </>
  );
}
