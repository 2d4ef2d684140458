import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { Alert, EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { QuoteStatusBadge } from '../badges.tsx';
import { LinesTable, RecordTable, Totals, useRecordList, DetailsAside, useRecordPage } from '../records.tsx';
import { portalApi } from '../session.tsx';
import type { Quote } from '../types.ts';

export function QuotesPage() {
  useDocumentTitle('Quotes');
  const list = useRecordList<Quote>('/api/portal/quotes');
  return (
    <>
      <PageHeader title="Quotes" subtitle="Offers we have made to your organization." />
      <RecordTable
        list={list}
        caption="Quotes"
        moreLabel="Load more quotes"
        empty={<EmptyState title="No quotes to show." />}
        columns={[
          {
            header: 'Quote',
            primary: true,
            cell: (q) => (
              <Link to={`/portal/quotes/${q.id}`}>
                <span className="item-number">Q-{q.number}</span>
                {q.title}
              </Link>
            ),
          },
          { header: 'Status', cell: (q) => <QuoteStatusBadge status={q.status} /> },
          { header: 'Valid until', cell: (q) => formatDate(q.validUntil) },
          { header: 'Total', numeric: true, cell: (q) => formatMoney(q.totalCents, q.currency) },
        ]}
      />
    </>
  );
}

function DecisionButtons({ quote }: { quote: Quote }) {
  const queryClient = useQueryClient();
  const decide = (decision: 'accept' | 'decline') => ({
    action: () => portalApi.post<Quote>(`/api/portal/quotes/${quote.id}/${decision}`),
    onDone: async (updated: Quote) => {
      queryClient.setQueryData(['portal', `/api/portal/quotes/${quote.id}`], updated);
      await queryClient.invalidateQueries({ queryKey: ['portal', '/api/portal/quotes'] });
    },
  });
  const label = `Q-${quote.number} “${quote.title}”`;
  return (
    <>
      {quote.abilities?.accept && (
        <ConfirmButton
          label="Accept quote"
          className="btn btn-primary"
          title="Accept this quote?"
          confirmLabel="Accept quote"
          {...decide('accept')}
        >
          <p>
            You accept {label} for a total of <strong>{formatMoney(quote.totalCents, quote.currency)}</strong>{' '}
            on behalf of your organization. We will go ahead with the work and invoice it.
          </p>
        </ConfirmButton>
      )}
      {quote.abilities?.decline && (
        <ConfirmButton
          label="Decline quote"
          className="btn btn-secondary"
          title="Decline this quote?"
          confirmLabel="Decline quote"
          tone="danger"
          {...decide('decline')}
        >
          <p>
            You decline {label}. This cannot be undone here; ask us for a new quote if you change your mind.
          </p>
        </ConfirmButton>
      )}
    </>
  );
}

export function QuotePage() {
  const { id = '' } = useParams();
  const back = { to: '/portal/quotes', label: 'Quotes' };
  const { record: q, status } = useRecordPage<Quote>(
    `/api/portal/quotes/${id}`,
    'quote',
    back,
    (r) => `Quote Q-${r.number}`,
  );
  if (!q) return status;
  const expired = q.validUntil !== null && new Date(`${q.validUntil}T23:59:59`) < new Date();
  // The server says what this contact may do with the quote (quotes.accept, status, validity).
  const mayDecide = Boolean(q.abilities?.accept || q.abilities?.decline);
  return (
    <>
      <PageHeader
        title={q.title}
        subtitle={`Quote Q-${q.number} · ${q.organization.name}`}
        back={back}
        actions={mayDecide ? <DecisionButtons quote={q} /> : undefined}
      />
      {q.status === 'sent' && expired && (
        <Alert tone="warning">
          <p>This quote expired on {formatDate(q.validUntil)}. Ask us for a new one if you still need it.</p>
        </Alert>
      )}
      {q.status === 'accepted' && (
        <Alert tone="success">
          <p>
            Accepted{q.decidedBy ? ` by ${q.decidedBy.name}` : ''}
            {q.decidedAt ? ` on ${formatDateTime(q.decidedAt)}` : ''}. Thank you.
          </p>
        </Alert>
      )}
      {q.status === 'declined' && (
        <Alert tone="info">
          <p>
            Declined{q.decidedBy ? ` by ${q.decidedBy.name}` : ''}
            {q.decidedAt ? ` on ${formatDateTime(q.decidedAt)}` : ''}.
          </p>
        </Alert>
      )}
      <div className="two-columns">
        <section className="card" aria-labelledby="quote-lines">
          <h2 id="quote-lines">Items</h2>
          <LinesTable lines={q.lines ?? []} caption={`Items of quote Q-${q.number}`} />
          <Totals rows={[['Total', q.totalCents]]} currency={q.currency} />
        </section>
        <DetailsAside
          what="quote"
          items={[
            ['Status', <QuoteStatusBadge key="s" status={q.status} />],
            ['Sent', q.sentAt ? formatDate(q.sentAt) : undefined],
            ['Valid until', q.validUntil ? formatDate(q.validUntil) : undefined],
            ['For', q.contact?.name],
            ['Decided', q.decidedAt ? formatDateTime(q.decidedAt) : undefined],
          ]}
        />
      </div>
    </>
  );
}
