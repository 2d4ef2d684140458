// The reference model for records (docs/permission-model.md §2 recordScope, §5, §6): assets,
// contracts, quotes, invoices, payments, documents, charges and knowledge-base articles, on top of
// the ticket model of reference-model.ts. Like it, it is written from the model document (and the
// project decisions in docs/permissions.md), never from src/authz, recomputes every answer from the
// world on each call, and marks with "UNSPECIFIED:" the choices the document leaves open.
import type { Module, ReferenceModel } from './reference-model.ts';

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'declined';
export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'void';

export type Asset = { id: string; organizationId: string; contactId: string | null };
export type Contract = { id: string; organizationId: string };
export type Quote = { id: string; organizationId: string; status: QuoteStatus };
export type Invoice = { id: string; organizationId: string; status: InvoiceStatus; quoteId: string | null };
export type Payment = { id: string; organizationId: string; invoiceId: string | null };
export type Document = { id: string; organizationId: string; public: boolean };
export type Charge = { id: string; ticketId: string | null; contractId: string | null };
export type Article = {
  id: string;
  published: boolean;
  visibility: 'public' | 'groups';
  userGroupIds: string[];
  fileCount: number;
};

/** The records of a world; mutate freely, the model reads them afresh on every call. */
export type Records = {
  assets: Asset[];
  contracts: Contract[];
  quotes: Quote[];
  invoices: Invoice[];
  payments: Payment[];
  documents: Document[];
  charges: Charge[];
  articles: Article[];
};
export type RecordKind = keyof Records;

export const emptyRecords = (): Records => ({
  assets: [],
  contracts: [],
  quotes: [],
  invoices: [],
  payments: [],
  documents: [],
  charges: [],
  articles: [],
});

/** Record kind → the module it belongs to (§5) and the portal path that lists it. */
export const RECORD_KINDS: Record<RecordKind, { module: Module; path: string }> = {
  assets: { module: 'assets', path: '/api/portal/assets' },
  contracts: { module: 'contracts', path: '/api/portal/contracts' },
  quotes: { module: 'quotes', path: '/api/portal/quotes' },
  invoices: { module: 'invoices', path: '/api/portal/invoices' },
  payments: { module: 'payments', path: '/api/portal/payments' },
  documents: { module: 'documents', path: '/api/portal/documents' },
  charges: { module: 'charges', path: '/api/portal/charges' },
  articles: { module: 'kb', path: '/api/portal/kb-articles' },
};

function find<T extends { id: string }>(list: T[], id: string, what: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`record model: no ${what} ${id}`);
  return found;
}

export class RecordModel {
  constructor(
    /** The ticket model: contacts, organizations, privilege groups, user groups, modules, tickets. */
    readonly base: ReferenceModel,
    readonly records: Records,
  ) {}

  /**
   * §2: `organization` is C's organization, `organization_tree` it and every descendant, and
   * `own`, "for organization-owned records, … the contact's organization".
   */
  inRecordScope(contactId: string, organizationId: string): boolean {
    const c = this.base.contact(contactId);
    if (this.base.privilegeGroupOf(contactId).recordScope === 'organization_tree')
      return this.base.isSelfOrDescendant(organizationId, c.organizationId);
    return organizationId === c.organizationId;
  }

  /**
   * §2, §6: assets linked to C are its own (under every scope, wherever they are); with a scope wider
   * than `own`, so are the assets of the organizations in scope.
   * UNSPECIFIED: under `own`, an asset of C's organization linked to nobody. §2 defines `own` for
   * assets as "assets linked to the contact" and the Limited group (scope `own`) sees "own assets",
   * so it is not visible; the `own` = "the contact's organization" reading is kept for the other
   * five kinds.
   */
  maySeeAsset(contactId: string, assetId: string): boolean {
    if (!this.base.mayUseModule(contactId, 'assets')) return false; // enabled, assets.view, module
    const a = find(this.records.assets, assetId, 'asset');
    if (a.contactId === contactId) return true;
    if (this.base.privilegeGroupOf(contactId).recordScope === 'own') return false;
    return this.inRecordScope(contactId, a.organizationId);
  }

  /** §6: the module's view privilege, the module, and the organization in the record scope. */
  private orgRecord(contactId: string, module: Module, organizationId: string): boolean {
    return this.base.mayUseModule(contactId, module) && this.inRecordScope(contactId, organizationId);
  }

  maySeeContract(contactId: string, id: string): boolean {
    const k = find(this.records.contracts, id, 'contract');
    return this.orgRecord(contactId, 'contracts', k.organizationId);
  }

  /** Drafts are the provider's work in progress: never visible (docs/permissions.md, §2 "sent"). */
  maySeeQuote(contactId: string, id: string): boolean {
    const q = find(this.records.quotes, id, 'quote');
    return q.status !== 'draft' && this.orgRecord(contactId, 'quotes', q.organizationId);
  }

  maySeeInvoice(contactId: string, id: string): boolean {
    const i = find(this.records.invoices, id, 'invoice');
    return i.status !== 'draft' && this.orgRecord(contactId, 'invoices', i.organizationId);
  }

  maySeePayment(contactId: string, id: string): boolean {
    const p = find(this.records.payments, id, 'payment');
    return this.orgRecord(contactId, 'payments', p.organizationId);
  }

  /** §2: "documents marked public that are linked to its organization scope". */
  maySeeDocument(contactId: string, id: string): boolean {
    const d = find(this.records.documents, id, 'document');
    return d.public && this.orgRecord(contactId, 'documents', d.organizationId);
  }

  /**
   * §6: "visible with charges.view on tickets and contracts C may see".
   * UNSPECIFIED: a charge on both a ticket and a contract is visible when either is.
   */
  maySeeCharge(contactId: string, id: string): boolean {
    if (!this.base.mayUseModule(contactId, 'charges')) return false;
    const ch = find(this.records.charges, id, 'charge');
    return (
      (ch.ticketId !== null && this.base.maySee(contactId, ch.ticketId)) ||
      (ch.contractId !== null && this.maySeeContract(contactId, ch.contractId))
    );
  }

  /** §6: kb.view, published, and public or restricted to user groups C is a member of. */
  maySeeArticle(contactId: string, id: string): boolean {
    if (!this.base.mayUseModule(contactId, 'kb')) return false;
    const k = find(this.records.articles, id, 'article');
    if (!k.published) return false;
    return k.visibility === 'public' || k.userGroupIds.some((g) => this.base.isMember(contactId, g));
  }

  maySee(kind: RecordKind, contactId: string, id: string): boolean {
    switch (kind) {
      case 'assets':
        return this.maySeeAsset(contactId, id);
      case 'contracts':
        return this.maySeeContract(contactId, id);
      case 'quotes':
        return this.maySeeQuote(contactId, id);
      case 'invoices':
        return this.maySeeInvoice(contactId, id);
      case 'payments':
        return this.maySeePayment(contactId, id);
      case 'documents':
        return this.maySeeDocument(contactId, id);
      case 'charges':
        return this.maySeeCharge(contactId, id);
      case 'articles':
        return this.maySeeArticle(contactId, id);
    }
  }

  /** A list's answer: 404 when the module is absent for C (§5, docs: no view privilege = absent). */
  listStatus(kind: RecordKind, contactId: string): 200 | 404 {
    return this.base.mayUseModule(contactId, RECORD_KINDS[kind].module) ? 200 : 404;
  }

  /** The ids a list shows. */
  visibleIds(kind: RecordKind, contactId: string): Set<string> {
    const all: { id: string }[] = this.records[kind];
    return new Set(all.filter((r) => this.maySee(kind, contactId, r.id)).map((r) => r.id));
  }

  readStatus(kind: RecordKind, contactId: string, id: string): 200 | 404 {
    return this.maySee(kind, contactId, id) ? 200 : 404;
  }

  /** The charges `GET /api/portal/charges?ticketId=` lists: none for a ticket C may not see. */
  chargesOfTicket(contactId: string, ticketId: string): Set<string> {
    if (!this.base.maySee(contactId, ticketId)) return new Set();
    return new Set(
      this.records.charges
        .filter((ch) => ch.ticketId === ticketId && this.maySeeCharge(contactId, ch.id))
        .map((ch) => ch.id),
    );
  }

  /** The charges of a contract: in its detail (with charges), or listed with ?contractId=. */
  chargesOfContract(contactId: string, contractId: string): Set<string> {
    if (!this.maySeeContract(contactId, contractId)) return new Set();
    return new Set(
      this.records.charges
        .filter((ch) => ch.contractId === contractId && this.maySeeCharge(contactId, ch.id))
        .map((ch) => ch.id),
    );
  }

  /**
   * Which optional fields a single read carries (§7: "Responses carry only the fields C may see"),
   * as field → present. References to other records appear only when C may see those.
   */
  fields(kind: RecordKind, contactId: string, id: string): Record<string, boolean> {
    const has = (p: Parameters<ReferenceModel['has']>[1]) => this.base.has(contactId, p);
    switch (kind) {
      case 'assets':
        return { configNotes: has('assets.config_notes.view') };
      case 'contracts':
        // Charges in a contract need what every charge needs: the charges module (charges.view).
        return { charges: this.base.mayUseModule(contactId, 'charges') };
      case 'charges': {
        const ch = find(this.records.charges, id, 'charge');
        return {
          ticket: ch.ticketId !== null && this.base.maySee(contactId, ch.ticketId),
          contract: ch.contractId !== null && this.maySeeContract(contactId, ch.contractId),
        };
      }
      case 'invoices': {
        const i = find(this.records.invoices, id, 'invoice');
        return { quote: i.quoteId !== null && this.maySeeQuote(contactId, i.quoteId) };
      }
      case 'payments': {
        const p = find(this.records.payments, id, 'payment');
        return { invoice: p.invoiceId !== null && this.maySeeInvoice(contactId, p.invoiceId) };
      }
      case 'articles':
        return { files: has('kb.files.download') };
      case 'quotes':
      case 'documents':
        return {};
    }
  }

  /**
   * A quote's abilities. UNSPECIFIED (§2 says only "may … accept quotes"): accept and decline need
   * quotes.accept and a sent quote (a decided one is decided); quotes here never run out.
   */
  quoteAbilities(contactId: string, id: string): { accept: boolean; decline: boolean } {
    const q = find(this.records.quotes, id, 'quote');
    const decidable = this.base.has(contactId, 'quotes.accept') && q.status === 'sent';
    return { accept: decidable, decline: decidable };
  }

  /**
   * What accepting or declining a quote answers (§7): 404 when C may not see it, 403 without
   * quotes.accept, and (UNSPECIFIED, as for the abilities) 409 unless the quote is sent.
   */
  decisionStatus(contactId: string, id: string): 200 | 403 | 404 | 409 {
    if (!this.maySeeQuote(contactId, id)) return 404;
    if (!this.base.has(contactId, 'quotes.accept')) return 403;
    return find(this.records.quotes, id, 'quote').status === 'sent' ? 200 : 409;
  }

  /** A record's short name: `kind[index]`, `T<index>` for a ticket, a contact's or group's name. */
  nameOf(id: string): string {
    for (const kind of Object.keys(RECORD_KINDS) as RecordKind[]) {
      const i = (this.records[kind] as { id: string }[]).findIndex((r) => r.id === id);
      if (i >= 0) return `${kind}[${i}]`;
    }
    const w = this.base.world;
    const ticket = w.tickets.findIndex((t) => t.id === id);
    if (ticket >= 0) return `T${ticket}`;
    return [...w.organizations, ...w.contacts, ...w.userGroups].find((x) => x.id === id)?.name ?? id;
  }

  /** A readable reason, for failure messages. */
  explain(kind: RecordKind, contactId: string, id: string): string {
    const c = this.base.contact(contactId);
    const pg = this.base.privilegeGroupOf(contactId);
    const record = (this.records[kind] as { id: string }[]).find((r) => r.id === id);
    const module = RECORD_KINDS[kind].module;
    const names = (k: string, v: unknown) =>
      k === 'id' ? undefined : typeof v === 'string' && k.endsWith('Id') ? this.nameOf(v) : v;
    return [
      `${c.name} of ${this.nameOf(c.organizationId)} (${pg.name}: record ${pg.recordScope}, `,
      `ticket ${pg.ticketScope}${this.base.mayUseModule(contactId, module) ? '' : `, no ${module} module`})`,
      ` → ${kind} ${JSON.stringify(record, names)}`,
    ].join('');
  }
}
