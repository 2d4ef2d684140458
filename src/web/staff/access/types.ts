// What the access tools' API sends (src/modules/access/schema.ts).
import type { Module, Scope } from '../permissions/types.ts';

type Ref = { id: string; name: string };
type ContactRef = { id: string; name: string; email: string };
type Level = 'read' | 'write';

export type RecordType = 'ticket' | 'asset' | 'quote' | 'invoice' | 'document' | 'article';

export type AccessPath = {
  kind: 'own' | 'scope' | 'grant' | 'public' | 'group';
  level: Level;
  text: string;
  data: Record<string, unknown>;
};

export type DenialReason =
  | 'contact_disabled'
  | 'no_portal_login'
  | 'module_not_usable'
  | 'privilege_missing'
  | 'private_ticket'
  | 'draft'
  | 'not_published'
  | 'not_public'
  | 'not_reached'
  | 'read_only'
  | 'unexplained';

export type ActionExplanation = {
  action: string;
  allowed: boolean;
  paths: AccessPath[];
  denial?: { reason: DenialReason | string; text: string; data: Record<string, unknown> };
};

export type Explanation = {
  contact: ContactRef & { disabled: boolean; maySignIn: boolean };
  record: { type: RecordType; id: string; label: string };
  actions: ActionExplanation[];
};

export type ContactAccess = {
  contact: ContactRef & { disabled: boolean };
  organization: Ref;
  maySignIn: boolean;
  privilegeGroup: Ref & { systemKey: string | null };
  privileges: string[];
  ticketScope: Scope;
  recordScope: Scope;
  scopeLevel: Level;
  modules: { module: Module; usable: boolean; allowedGroups: Ref[]; why: string | null }[];
  groups: { group: Ref; reasons: string[] }[];
  grants: { id: string; userGroup: Ref; level: Level; expiresAt: string | null; expired: boolean }[];
  views: { view: 'mine' | 'organization' | 'groups' | 'all'; tickets: number }[];
};

export type ReviewPath = {
  kind: 'own' | 'scope' | 'grant';
  level: Level;
  ticketScope: 'organization' | 'organization_tree' | null;
  organization: Ref | null;
  userGroup: Ref | null;
};

export type ReviewItem = {
  contact: ContactRef;
  organization: Ref;
  privilegeGroup: Ref;
  level: Level;
  paths: ReviewPath[];
};

export type Review = {
  items: ReviewItem[];
  nextCursor: string | null;
  target: { type: 'user_group' | 'organization'; id: string; name: string };
};
