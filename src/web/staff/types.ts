// What the staff API sends (src/modules/*/schema.ts and the OpenAPI at /api/openapi.json).

export type Role = 'admin' | 'agent';

/** GET /api/staff/me: the signed-in staff user. */
export type StaffMe = { id: string; name: string; email: string; role: Role; canImpersonate: boolean };

export type StaffUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  canImpersonate: boolean;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ApiToken = {
  id: string;
  staffUserId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

/** The only answer that ever holds the token itself. */
export type CreatedApiToken = {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
  expiresAt: string | null;
};

export type TicketStatus = 'open' | 'pending' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Who wrote a comment, uploaded a file or changed a field; null once that account is deleted. */
export type PersonRef = { type: 'staff' | 'contact'; id: string; name: string } | null;

export type Ticket = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  private: boolean;
  requester: { id: string; name: string; email: string };
  organization: { id: string; name: string };
  asset: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  closedAt: string | null;
  /** Single reads only. */
  description?: string;
};

export type TicketUpdate = {
  subject?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  assetId?: string | null;
  private?: boolean;
  requesterId?: string;
};

export type TicketComment = {
  id: string;
  ticketId: string;
  body: string;
  public: boolean;
  author: PersonRef;
  createdAt: string;
};

export type TicketAttachment = {
  id: string;
  ticketId: string;
  commentId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  public: boolean;
  createdAt: string;
  uploadedBy: PersonRef;
};

export type TicketEmail = {
  id: string;
  ticketId: string;
  fromAddress: string;
  toAddress: string;
  subject: string;
  body: string;
  public: boolean;
  sentAt: string;
};

export type TicketEvent = {
  id: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  actor: PersonRef;
  createdAt: string;
};

export type Organization = {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  id: string;
  name: string;
  email: string;
  phone: string;
  title: string;
  department: string;
  attributes: Record<string, string>;
  organizationId: string;
  privilegeGroupId: string;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ContactInput = {
  name: string;
  email: string;
  phone: string;
  title: string;
  department: string;
  attributes: Record<string, string>;
  organizationId: string;
  privilegeGroupId?: string;
  disabled: boolean;
};

export type Scope = 'own' | 'organization' | 'organization_tree';

export type PrivilegeGroup = {
  id: string;
  name: string;
  description: string;
  systemKey: string | null;
  locked: boolean;
  privileges: string[];
  ticketScope: Scope;
  recordScope: Scope;
  scopeLevel: 'read' | 'write';
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
};

export type MembershipReason = 'explicit' | 'organization' | 'rule' | 'always';
export type ContactGroups = { items: { group: { id: string; name: string }; reasons: MembershipReason[] }[] };

export type AccessGrant = {
  id: string;
  contact: { id: string; name: string };
  userGroup: { id: string; name: string };
  level: 'read' | 'write';
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
};

export type Invitation = { url: string; expiresAt: string };

export type Impersonation = {
  id: string;
  contact: { id: string; name: string; email: string };
  staffUser: { id: string; name: string };
  mode: 'read' | 'write';
  reason: string;
  startedAt: string;
  expiresAt: string;
};

export type Asset = {
  id: string;
  organizationId: string;
  contactId: string | null;
  name: string;
  assetType: string;
  serialNumber: string;
  status: 'active' | 'retired';
  configNotes: string;
  createdAt: string;
  updatedAt: string;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorType: 'staff' | 'contact' | 'system' | 'anonymous';
  actorId: string | null;
  actorLabel: string;
  impersonatorStaffId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string;
};

export type ImportResult = { created: number; updated: number; unchanged: number };
