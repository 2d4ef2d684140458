import type { ScopeLevel, TicketScope } from '../db/schema.ts';
import type { Module, Privilege } from './privileges.ts';
import type { GrantReach } from './portal-access.ts';

export type StaffActor = {
  kind: 'staff';
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  canImpersonate: boolean;
  /** Set for cookie sessions; API tokens have tokenId instead. */
  sessionId?: string;
  tokenId?: string;
};

export type ContactActor = {
  kind: 'contact';
  id: string;
  name: string;
  email: string;
  organizationId: string;
  privilegeGroupId: string;
  privileges: ReadonlySet<Privilege>;
  ticketScope: TicketScope;
  recordScope: TicketScope;
  scopeLevel: ScopeLevel;
  /**
   * What the contact's unexpired access grants (super customer) reach at each level, resolved on
   * this request; the tickets they reach are found in SQL (src/authz/membership.ts).
   */
  grants: Readonly<Record<ScopeLevel, GrantReach>>;
  /** Modules the contact may use (module visibility), resolved on this request. */
  modules: ReadonlySet<Module>;
  sessionId: string;
  /** Set when a staff user is viewing the portal as this contact. */
  impersonation?: Impersonation;
};

export type Impersonation = {
  staffUserId: string;
  staffName: string;
  mode: 'read' | 'write';
  expiresAt: Date;
};

export const can = (actor: ContactActor, privilege: Privilege) => actor.privileges.has(privilege);
