// What the staff API sends and takes: names for the generated API types (shared/api-types.gen.ts).
import type { ApiBody, ApiItem, ApiQuery, ApiResponse } from '../shared/api-types.ts';

/** GET /api/staff/me: the signed-in staff user. */
export type StaffMe = ApiResponse<'/api/staff/me'>;
export type Role = StaffMe['role'];

export type StaffUser = ApiItem<'/api/staff/staff-users'>;

export type ApiToken = ApiItem<'/api/staff/api-tokens'>;
/** The only answer that ever holds the token itself. */
export type CreatedApiToken = ApiResponse<'/api/staff/api-tokens', 'post'>;

/** A ticket in a list; single reads add its description. */
export type Ticket = ApiItem<'/api/staff/tickets'> & { description?: string };
export type TicketHit = ApiItem<'/api/staff/tickets/search'>;
export type TicketStatus = Ticket['status'];
export type TicketPriority = Ticket['priority'];
export type TicketUpdate = ApiBody<'/api/staff/tickets/{id}', 'patch'>;
export type TicketQueue = NonNullable<ApiQuery<'/api/staff/tickets'>['queue']>;
export type TicketBulkAction = ApiBody<'/api/staff/tickets/bulk', 'post'>;

/** A staff team (permission model §6b) with its members. */
export type Team = ApiItem<'/api/staff/teams'>;
export type SlaCalendar = ApiItem<'/api/staff/sla/calendars'>;
export type SlaCalendarInput = ApiBody<'/api/staff/sla/calendars', 'post'>;
export type SlaPolicy = ApiItem<'/api/staff/sla/policies'>;
export type SlaPolicyInput = ApiBody<'/api/staff/sla/policies', 'post'>;
export type TeamInput = ApiBody<'/api/staff/teams', 'post'>;
export type CannedResponse = ApiItem<'/api/staff/canned-responses'>;
export type CannedResponseInput = ApiBody<'/api/staff/canned-responses', 'post'>;
export type OidcProvider = ApiItem<'/api/staff/sign-in/oidc-providers'>;
export type OidcProviderInput = ApiBody<'/api/staff/sign-in/oidc-providers', 'post'>;

export type TicketComment = ApiItem<'/api/staff/tickets/{id}/comments'>;
/** Who wrote a comment, uploaded a file or changed a field; null once that account is deleted. */
export type PersonRef = TicketComment['author'];
export type TicketAttachment = ApiItem<'/api/staff/tickets/{id}/attachments'>;
export type TicketEmail = ApiItem<'/api/staff/tickets/{id}/emails'>;
export type TicketEvent = ApiItem<'/api/staff/tickets/{id}/events'>;

export type Organization = ApiItem<'/api/staff/organizations'>;

export type Contact = ApiItem<'/api/staff/contacts'>;
type ContactBody = ApiBody<'/api/staff/contacts', 'post'>;
/** The contact form always sends every field but the privilege group. */
export type ContactInput = Required<Omit<ContactBody, 'privilegeGroupId'>> &
  Pick<ContactBody, 'privilegeGroupId'>;
export type ContactGroups = ApiResponse<'/api/staff/contacts/{id}/groups'>;
export type MembershipReason = ContactGroups['items'][number]['reasons'][number];
export type Invitation = ApiResponse<'/api/staff/contacts/{id}/invitation', 'post'>;
export type Erasure = ApiResponse<'/api/staff/contacts/{id}/erasure', 'post'>;

export type PrivilegeGroup = ApiItem<'/api/staff/privilege-groups'>;
export type Scope = PrivilegeGroup['ticketScope'];

export type AccessGrant = ApiItem<'/api/staff/access-grants'>;

export type Impersonation = ApiItem<'/api/staff/impersonations'>;

export type Asset = ApiItem<'/api/staff/assets'>;

export type AuditEntry = ApiItem<'/api/staff/audit'>;

export type ImportResult = ApiResponse<'/api/staff/organizations/import', 'post'>;
export type ContactImportResult = ApiResponse<'/api/staff/contacts/import', 'post'>;
export type InboundMail = ApiItem<'/api/staff/mail/inbound'>;
export type InboundMailDetail = ApiResponse<'/api/staff/mail/inbound/{id}'>;
export type TicketMail = ApiItem<'/api/staff/tickets/{id}/mails'>;
export type StaffNotifications = ApiResponse<'/api/staff/me/notifications'>;

export type KbArticleSummary = ApiItem<'/api/staff/kb-articles'>;
export type KbArticleHit = ApiItem<'/api/staff/kb-articles/search'>;
export type KbArticle = ApiResponse<'/api/staff/kb-articles/{id}'>;
