// What the portal API sends: names for the generated API types (shared/api-types.gen.ts).
// Fields a contact may not see are absent, so the generated types mark them optional.
import type { ApiBody, ApiItem, ApiQuery, ApiRecord, ApiResponse } from '../shared/api-types.ts';

export type Me = ApiResponse<'/api/portal/me'>;
export type Module = Me['modules'][number];
export type TicketView = Me['views'][number];
export type Ref = Me['organization'];

export type TicketSummary = ApiItem<'/api/portal/tickets'>;
export type TicketHit = ApiItem<'/api/portal/tickets/search'>;
export type TicketCounts = ApiResponse<'/api/portal/tickets/counts'>;
export type TicketSort = NonNullable<ApiQuery<'/api/portal/tickets'>['sort']>;
export type TicketDetail = ApiResponse<'/api/portal/tickets/{id}'>;
export type TicketStatus = TicketSummary['status'];
export type TicketPriority = NonNullable<TicketSummary['priority']>;
export type TicketAbilities = TicketDetail['abilities'];
export type TicketUpdate = ApiBody<'/api/portal/tickets/{id}', 'patch'>;

export type Comment = ApiItem<'/api/portal/tickets/{id}/comments'>;
export type Author = Comment['author'];
export type Attachment = ApiItem<'/api/portal/tickets/{id}/attachments'>;
/** A ticket's history: field changes and public notes, oldest first. */
export type TicketEvent = ApiItem<'/api/portal/tickets/{id}/history'>;
export type TicketEmail = ApiItem<'/api/portal/tickets/{id}/emails'>;

export type Asset = ApiRecord<'/api/portal/assets', '/api/portal/assets/{id}'>;
export type Charge = ApiRecord<'/api/portal/charges', '/api/portal/charges/{id}'>;
export type Contract = ApiRecord<'/api/portal/contracts', '/api/portal/contracts/{id}'>;
export type Quote = ApiRecord<'/api/portal/quotes', '/api/portal/quotes/{id}'>;
export type QuoteStatus = Quote['status'];
export type Line = NonNullable<Quote['lines']>[number];
export type Invoice = ApiRecord<'/api/portal/invoices', '/api/portal/invoices/{id}'>;
export type InvoiceStatus = Invoice['status'];
export type Payment = ApiRecord<'/api/portal/payments', '/api/portal/payments/{id}'>;
export type PortalDocument = ApiRecord<'/api/portal/documents', '/api/portal/documents/{id}'>;

export type KbArticleSummary = ApiItem<'/api/portal/kb-articles'>;
export type KbArticleHit = ApiItem<'/api/portal/kb-articles/search'>;
export type KbArticle = ApiResponse<'/api/portal/kb-articles/{id}'>;
export type KbFile = NonNullable<KbArticle['files']>[number];

export type PortalSession = ApiItem<'/api/portal/me/sessions'>;
export type NotificationPreferences = ApiResponse<'/api/portal/account/notifications'>;
export type PortalApiToken = ApiItem<'/api/portal/me/api-tokens'>;
export type CreatedPortalApiToken = ApiResponse<'/api/portal/me/api-tokens', 'post'>;
