import type { TicketView } from '../src/authz/tickets/condition.ts';

export type PersonaName =
  'denied' | 'plain' | 'organization' | 'tree' | 'smallSuper' | 'largeSuper' | 'pairRead' | 'pairWrite';

export const PERSONA_NAMES: PersonaName[] = [
  'denied',
  'plain',
  'organization',
  'tree',
  'smallSuper',
  'largeSuper',
  'pairRead',
  'pairWrite',
];

export const PERSONA_LABELS: Record<PersonaName, string> = {
  denied: 'denied (own scope, target tickets not its own)',
  plain: 'plain contact (own tickets)',
  organization: 'whole organization (Full)',
  tree: 'organization tree (read)',
  smallSuper: 'small super customer',
  largeSuper: 'large super customer',
  pairRead: 'read/write pair: read grants',
  pairWrite: 'read/write pair: write grants',
};

/** A fixed persona: a real contact with a real portal session, and what the ideal SQL needs to know. */
export type Persona = {
  name: PersonaName;
  contactId: string;
  organizationId: string;
  ticketScope: 'own' | 'organization' | 'organization_tree';
  /** Group ids of its unexpired grants. */
  groups: string[];
  token: string;
  csrfToken: string;
  /** Visible open tickets per available view (counted with the ideal SQL after generation). */
  openCounts: Partial<Record<TicketView, number>>;
};

export function personaViews(p: Persona): TicketView[] {
  const views: TicketView[] = ['mine'];
  if (p.ticketScope !== 'own') views.push('organization');
  if (p.groups.length > 0) views.push('groups');
  views.push('all');
  return views;
}

/** What scenario 5 needs: a staff session, the lever groups and organization, and a contact watching them. */
export type Lever = {
  staffToken: string;
  staffCsrf: string;
  organizationGroupId: string;
  ruleGroupId: string;
  organizationId: string;
  watcher: Persona;
  /** A ticket of a lever-organization contact and one of a cohort-b contact, for "does the next request see it". */
  organizationTicketId: string;
  cohortBTicketId: string;
  cohortATicketId: string;
};
