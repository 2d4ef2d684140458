// Builds the records of a permission world (assets, contracts, quotes, invoices, payments,
// documents, charges, knowledge-base articles) through the staff API, on top of a WorldBuilder, and
// mirrors each into the record model (test/model/reference-records.ts).
//
// The one thing the staff API cannot do, a quote accepted or declined (only a contact decides, in
// the portal), is written with Kysely and counted in `directWrites`, as WorldBuilder does.
import type { LightMyRequestResponse } from 'fastify';
import type { Contact, Organization, Ticket, UserGroup } from '../model/reference-model.ts';
import {
  emptyRecords,
  RecordModel,
  type Article,
  type Asset,
  type Charge,
  type Contract,
  type Document,
  type Invoice,
  type InvoiceStatus,
  type Payment,
  type Quote,
  type QuoteStatus,
  type Records,
} from '../model/reference-records.ts';
import type { TestClient } from './app.ts';
import { multipartBody } from './multipart.ts';
import { directWrites, type WorldBuilder } from './world.ts';

const LINES = [{ description: 'Support', quantity: 1, unitPriceCents: 12_500 }];

function created(res: LightMyRequestResponse, what: string): { id: string } & Record<string, unknown> {
  if (res.statusCode !== 201 && res.statusCode !== 200)
    throw new Error(`${what}: expected 201, got ${res.statusCode} ${res.body}`);
  return res.json();
}

export class RecordBuilder {
  readonly records: Records = emptyRecords();
  readonly model: RecordModel;
  /** Invoice id → total in cents (what a payment must reach to mark it paid). */
  private readonly totals = new Map<string, number>();
  private readonly paid = new Map<string, number>();
  /** Article id → its file ids, for the download checks. */
  readonly articleFiles = new Map<string, string[]>();

  constructor(readonly b: WorldBuilder) {
    this.model = new RecordModel(b.model, this.records);
  }

  private get staff(): TestClient {
    return this.b.staff;
  }

  private push<K extends keyof Records>(kind: K, record: Records[K][number]): Records[K][number] {
    (this.records[kind] as Records[K][number][]).push(record);
    return record;
  }

  async asset(organization: Organization, contact: Contact | null, name: string): Promise<Asset> {
    const res = await this.staff.post('/api/staff/assets', {
      organizationId: organization.id,
      name,
      configNotes: `config of ${name}`,
      ...(contact ? { contactId: contact.id } : {}),
    });
    const { id } = created(res, `create asset ${name}`);
    return this.push('assets', { id, organizationId: organization.id, contactId: contact?.id ?? null });
  }

  async contract(organization: Organization, name: string): Promise<Contract> {
    const res = await this.staff.post('/api/staff/contracts', { organizationId: organization.id, name });
    const { id } = created(res, `create contract ${name}`);
    return this.push('contracts', { id, organizationId: organization.id });
  }

  async quote(organization: Organization, title: string, status: QuoteStatus): Promise<Quote> {
    const res = await this.staff.post('/api/staff/quotes', {
      organizationId: organization.id,
      title,
      lines: LINES,
    });
    const { id } = created(res, `create quote ${title}`);
    if (status !== 'draft') created(await this.staff.post(`/api/staff/quotes/${id}/send`), `send ${title}`);
    if (status === 'accepted' || status === 'declined') {
      directWrites.set('quote decision', (directWrites.get('quote decision') ?? 0) + 1);
      await this.b.db
        .updateTable('quotes')
        .set({ status, decided_at: new Date() })
        .where('id', '=', id)
        .execute();
    }
    return this.push('quotes', { id, organizationId: organization.id, status });
  }

  /** A draft, issued or void invoice ('paid' comes from a payment that covers it). */
  async invoice(
    organization: Organization,
    status: Exclude<InvoiceStatus, 'paid'>,
    quote: Quote | null,
  ): Promise<Invoice> {
    const res = await this.staff.post('/api/staff/invoices', {
      organizationId: organization.id,
      lines: LINES,
      ...(quote ? { quoteId: quote.id } : {}),
    });
    const json = created(res, 'create invoice');
    this.totals.set(json.id, json.totalCents as number);
    if (status !== 'draft') created(await this.staff.post(`/api/staff/invoices/${json.id}/issue`), 'issue');
    if (status === 'void') created(await this.staff.post(`/api/staff/invoices/${json.id}/void`), 'void');
    return this.push('invoices', {
      id: json.id,
      organizationId: organization.id,
      status,
      quoteId: quote?.id ?? null,
    });
  }

  /** A payment; against an issued invoice it may cover the whole total, which marks it paid. */
  async payment(organizationId: string, invoice: Invoice | null, full: boolean): Promise<Payment> {
    // An invoice's balance is never overpaid (the API refuses it): a full payment settles what is
    // left, a partial one pays at most that.
    const left = invoice ? (this.totals.get(invoice.id) ?? 0) - (this.paid.get(invoice.id) ?? 0) : 0;
    const amountCents = invoice ? (full ? left : Math.min(100, left)) : 100;
    if (invoice && amountCents <= 0) invoice = null;
    const res = await this.staff.post('/api/staff/payments', {
      organizationId,
      amountCents: invoice ? amountCents : 100,
      ...(invoice ? { invoiceId: invoice.id } : {}),
    });
    const { id } = created(res, 'create payment');
    if (invoice) this.paid.set(invoice.id, (this.paid.get(invoice.id) ?? 0) + amountCents);
    if (invoice && amountCents === left) invoice.status = 'paid';
    return this.push('payments', { id, organizationId, invoiceId: invoice?.id ?? null });
  }

  async document(organization: Organization, title: string, isPublic: boolean): Promise<Document> {
    const { payload, headers } = multipartBody(
      { organizationId: organization.id, title, public: String(isPublic) },
      { name: 'file', filename: `${title}.txt`, data: Buffer.from(`document ${title}`) },
    );
    const res = await this.staff.request('POST', '/api/staff/documents', payload, headers);
    const { id } = created(res, `create document ${title}`);
    return this.push('documents', { id, organizationId: organization.id, public: isPublic });
  }

  async charge(ticket: Ticket | null, contract: Contract | null, description: string): Promise<Charge> {
    const res = await this.staff.post('/api/staff/charges', {
      description,
      unitPriceCents: 2_000,
      ...(ticket ? { ticketId: ticket.id } : {}),
      ...(contract ? { contractId: contract.id } : {}),
    });
    const { id } = created(res, `create charge ${description}`);
    return this.push('charges', { id, ticketId: ticket?.id ?? null, contractId: contract?.id ?? null });
  }

  async article(
    title: string,
    options: { published: boolean; groups: UserGroup[] | null; files: number },
  ): Promise<Article> {
    const res = await this.staff.post('/api/staff/kb-articles', {
      title,
      body: `Body of ${title}`,
      published: options.published,
      visibility: options.groups ? 'groups' : 'public',
      userGroupIds: (options.groups ?? []).map((g) => g.id),
    });
    const { id } = created(res, `create article ${title}`);
    const files: string[] = [];
    for (let i = 0; i < options.files; i++) {
      const { payload, headers } = multipartBody(
        {},
        { name: 'file', filename: `${title}-${i}.txt`, data: Buffer.from(`file ${i} of ${title}`) },
      );
      const upload = await this.staff.request('POST', `/api/staff/kb-articles/${id}/files`, payload, headers);
      files.push(created(upload, `upload a file to ${title}`).id);
    }
    this.articleFiles.set(id, files);
    return this.push('articles', {
      id,
      published: options.published,
      visibility: options.groups ? 'groups' : 'public',
      userGroupIds: (options.groups ?? []).map((g) => g.id),
      fileCount: files.length,
    });
  }
}

/** Every page of a portal list: the items, or the refusal status. */
export async function listPages(
  client: TestClient,
  path: string,
  limit = 10,
): Promise<{ status: number; items: Record<string, unknown>[] }> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 0; page < 1000; page++) {
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await client.get(url);
    if (res.statusCode !== 200) return { status: res.statusCode, items };
    const body = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return { status: 200, items };
  }
  throw new Error(`${path}: the list did not end`);
}
