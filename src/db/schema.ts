// Kysely's view of the tables in migrations/. Keep in step with the SQL (a test compares them).
// The tables are declared by subject in tables/; every type is exported from here, as before.
import type {
  AccessGrantsTable,
  ModuleAllowedGroupsTable,
  OrganizationClosureTable,
  PrivilegeGroupsTable,
  UserGroupContactsTable,
  UserGroupOrganizationsTable,
  UserGroupRuleMembersTable,
  UserGroupsTable,
} from './tables/access.ts';
import type {
  ApiTokensTable,
  ContactsTable,
  LoginThrottleTable,
  OrganizationsTable,
  PasswordTokensTable,
  RecoveryCodesTable,
  SessionsTable,
  SignInChallengesTable,
  SignInSettingsTable,
  StaffUsersTable,
  TwoFactorsTable,
} from './tables/people.ts';
import type {
  AttachmentsTable,
  CannedResponsesTable,
  DeskSettingsTable,
  FilesTable,
  StaffTeamMembersTable,
  StaffTeamsTable,
  TicketCommentMentionsTable,
  TicketCommentsTable,
  TicketEmailsTable,
  TicketEventsTable,
  TicketParticipantsTable,
  TicketsTable,
} from './tables/tickets.ts';
import type {
  AssetsTable,
  AuditLogTable,
  ChargesTable,
  ContractsTable,
  DocumentsTable,
  InvoiceLinesTable,
  InvoicesTable,
  KbArticleFilesTable,
  KbArticleGroupsTable,
  KbArticlesTable,
  PaymentsTable,
  QuoteLinesTable,
  QuotesTable,
} from './tables/records.ts';
import type {
  ContactNotificationPreferencesTable,
  MailInboundTable,
  MailBatchesTable,
  MailMessagesTable,
  MailReplyTokensTable,
  MailTicketEventsTable,
  StaffNotificationPreferencesTable,
} from './tables/mail.ts';
import type { DirectoryAccountsTable, DirectorySettingsTable } from './tables/directory.ts';
import type {
  OidcGroupMembershipsTable,
  OidcIdentitiesTable,
  OidcLoginsTable,
  OidcProvidersTable,
} from './tables/oidc.ts';
import type { KbArticleSearchTable, SearchSettingsTable, TicketSearchTable } from './tables/search.ts';
import type { SlaCalendarsTable, SlaPoliciesTable, SlaPolicyOrganizationsTable } from './tables/sla.ts';

export type { Json } from './tables/columns.ts';
export type * from './tables/access.ts';
export type * from './tables/people.ts';
export type * from './tables/tickets.ts';
export type * from './tables/records.ts';
export type * from './tables/mail.ts';
export type * from './tables/search.ts';
export type * from './tables/directory.ts';
export type * from './tables/sla.ts';
export type * from './tables/oidc.ts';

export interface DB {
  organizations: OrganizationsTable;
  privilege_groups: PrivilegeGroupsTable;
  contacts: ContactsTable;
  staff_users: StaffUsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_tokens: PasswordTokensTable;
  login_throttle: LoginThrottleTable;
  two_factors: TwoFactorsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_settings: SignInSettingsTable;
  sign_in_challenges: SignInChallengesTable;
  user_groups: UserGroupsTable;
  user_group_contacts: UserGroupContactsTable;
  user_group_organizations: UserGroupOrganizationsTable;
  access_grants: AccessGrantsTable;
  module_allowed_groups: ModuleAllowedGroupsTable;
  files: FilesTable;
  assets: AssetsTable;
  staff_teams: StaffTeamsTable;
  desk_settings: DeskSettingsTable;
  staff_team_members: StaffTeamMembersTable;
  tickets: TicketsTable;
  ticket_comments: TicketCommentsTable;
  ticket_comment_mentions: TicketCommentMentionsTable;
  canned_responses: CannedResponsesTable;
  attachments: AttachmentsTable;
  ticket_emails: TicketEmailsTable;
  ticket_events: TicketEventsTable;
  ticket_participants: TicketParticipantsTable;
  contracts: ContractsTable;
  charges: ChargesTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  documents: DocumentsTable;
  kb_articles: KbArticlesTable;
  kb_article_groups: KbArticleGroupsTable;
  kb_article_files: KbArticleFilesTable;
  audit_log: AuditLogTable;
  organization_closure: OrganizationClosureTable;
  user_group_rule_members: UserGroupRuleMembersTable;
  mail_messages: MailMessagesTable;
  mail_batches: MailBatchesTable;
  mail_ticket_events: MailTicketEventsTable;
  mail_reply_tokens: MailReplyTokensTable;
  mail_inbound: MailInboundTable;
  contact_notification_preferences: ContactNotificationPreferencesTable;
  staff_notification_preferences: StaffNotificationPreferencesTable;
  search_settings: SearchSettingsTable;
  directory_settings: DirectorySettingsTable;
  directory_accounts: DirectoryAccountsTable;
  ticket_search: TicketSearchTable;
  kb_article_search: KbArticleSearchTable;
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  sla_policy_organizations: SlaPolicyOrganizationsTable;
  oidc_providers: OidcProvidersTable;
  oidc_identities: OidcIdentitiesTable;
  oidc_logins: OidcLoginsTable;
  oidc_group_memberships: OidcGroupMembershipsTable;
}
