// What the portal API sends (src/modules/*/schema.ts and the OpenAPI at /api/openapi.json).
// Fields a contact may not see are absent, so the types mark them optional.

export type Module =
  'tickets' | 'assets' | 'contracts' | 'charges' | 'quotes' | 'invoices' | 'payments' | 'documents' | 'kb';

export type TicketView = 'mine' | 'organization' | 'groups' | 'all';
export type Ref = { id: string; name: string };

export type Me = {
  contact: { id: string; name: string; email: string; phone: string; title: string; department: string };
  organization: Ref;
  privilegeGroup: Ref;
  privileges: string[];
  ticketScope: 'own' | 'organization' | 'organization_tree';
  recordScope: 'own' | 'organization' | 'organization_tree';
  scopeLevel: 'read' | 'write';
  modules: Module[];
  views: TicketView[];
  /** Present while a staff user views the portal as this contact. */
  impersonation?: { staffName: string; mode: 'read' | 'write'; expiresAt: string } | null;
  grants: { groupId: string; groupName: string; level: 'read' | 'write'; expiresAt: string | null }[];
};

export type TicketStatus = 'open' | 'pending' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export type TicketSummary = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority?: TicketPriority;
  private: boolean;
  requester: Ref;
  organization: Ref;
  createdAt: string;
  lastActivityAt: string;
};

export type TicketAbilities = {
  reply: boolean;
  editDescription: boolean;
  close: boolean;
  reopen: boolean;
  changePriority: boolean;
  setAsset: boolean;
  upload: boolean;
  setPrivate: boolean;
};

export type TicketDetail = TicketSummary & {
  description: string;
  updatedAt: string;
  closedAt: string | null;
  asset?: Ref | null;
  abilities: TicketAbilities;
};

export type Author = { type: 'staff' | 'contact'; name: string };
export type Comment = { id: string; body: string; createdAt: string; author: Author };
export type Attachment = {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
};
/** A ticket's history: field changes and public notes, oldest first. */
export type TicketEvent =
  | {
      id: string;
      kind: 'change';
      field: string;
      oldValue: string | null;
      newValue: string | null;
      at: string;
      actor: Author | null;
    }
  | { id: string; kind: 'note'; body: string; at: string; actor: Author | null };
export type TicketEmail = {
  id: string;
  from: string;
  to: string;
  subject: string;
  body: string;
  sentAt: string;
};

export type Asset = {
  id: string;
  name: string;
  assetType: string;
  serialNumber: string;
  status: 'active' | 'retired';
  /** Only with assets.config_notes.view. */
  configNotes?: string;
  organization: Ref;
  contact: Ref | null;
  createdAt: string;
  updatedAt: string;
};

export type Charge = {
  id: string;
  ticket?: { id: string; number: number; subject: string };
  contract?: Ref;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  chargedOn: string;
};

export type Contract = {
  id: string;
  name: string;
  status: 'draft' | 'active' | 'expired' | 'cancelled';
  startsOn: string | null;
  endsOn: string | null;
  organization: Ref;
  /** Detail only. */
  terms?: string;
  /** Detail only, with charges.view: the first page of the contract's charges. */
  charges?: { items: Charge[]; nextCursor: string | null };
};

export type Line = {
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
};

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'declined';
export type Quote = {
  id: string;
  number: number;
  title: string;
  status: QuoteStatus;
  totalCents: number;
  validUntil: string | null;
  sentAt: string | null;
  decidedAt: string | null;
  decidedBy: Ref | null;
  organization: Ref;
  contact: Ref | null;
  /** Detail only. */
  lines?: Line[];
  /** Detail only: what this contact may do with the quote now. */
  abilities?: { accept: boolean; decline: boolean };
};

export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'void';
export type Invoice = {
  id: string;
  number: number;
  status: InvoiceStatus;
  issuedOn: string | null;
  dueOn: string | null;
  totalCents: number;
  paidCents?: number;
  balanceCents?: number;
  notes?: string;
  organization: Ref;
  quote?: { id: string; number: number };
  /** Detail only. */
  lines?: Line[];
};

export type Payment = {
  id: string;
  invoice?: { id: string; number: number };
  amountCents: number;
  method: string;
  reference?: string;
  receivedOn: string;
  organization?: Ref;
};

export type PortalDocument = {
  id: string;
  title: string;
  description: string;
  file: { filename: string; contentType: string; sizeBytes: number };
  organization: Ref;
  createdAt: string;
  updatedAt: string;
};

export type KbFile = { id: string; filename: string; contentType: string; sizeBytes: number };
export type KbArticleSummary = { id: string; title: string; createdAt?: string; updatedAt: string };
export type KbArticle = KbArticleSummary & { body: string; files?: KbFile[] };

export type PortalSession = {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
};
