// The audit log's action and entity codes in words, for its filters and entries. A code missing
// here (a newer one) is shown humanized, so nothing is ever blank.
import { humanize } from '../shared/format.ts';
import { labelTable } from '../shared/label-table.ts';

export const ACTION_LABELS = labelTable(`
create = Created
update = Changed
delete = Deleted
copy = Copied
import = Imported
invite = Invited
revoke = Revoked
issue = Issued
void = Voided
send = Sent
accept = Accepted
decline = Declined
download = Downloaded
retry = Retried
see = Seen
make_default = Made the default
unset_default = No longer the default
add_contact = Contact added
remove_contact = Contact removed
set_organization = Organization added
remove_organization = Organization removed
email_members = Members e-mailed
participant.add = Participant added
participant.remove = Participant removed
sign_in = Signed in
sign_in_failed = Sign-in failed
sign_in_password_ok = Password accepted, second step asked
session_ended = Session ended
sign_in_settings_changed = Sign-in settings changed
two_factor_enabled = Two-step sign-in turned on
password_set = Password set
password_changed = Password changed
password_set_by_link = Password set by link
password_reset_requested = Password reset asked for
impersonation_start = Viewing the portal as started
impersonation_stop = Viewing the portal as ended
impersonated_request = Request while viewing as
oidc_linked = Single sign-on account linked
oidc_provider_created = Single sign-on provider added
oidc_provider_changed = Single sign-on provider changed
oidc_provider_deleted = Single sign-on provider removed
directory_settings_changed = Directory settings changed
directory_create_contact = Created from the directory
directory_link_contact = Linked to the directory
directory_update_contact = Updated from the directory
directory_enable_contact = Enabled by the directory
directory_disable_contact = Disabled by the directory
directory_add_member = Group member added by the directory
directory_remove_member = Group member removed by the directory
backup.create = Backup made
`);

export const ENTITY_LABELS = labelTable(`
access_grant = Access grant
api_token = API token
asset = Asset
attachment = Attachment
canned_response = Canned response
charge = Charge
contact = Contact
contract = Contract
database = Database
directory_settings = Directory settings
document = Document
inbound_mail = Incoming e-mail
invoice = Invoice
kb_article = Knowledge base article
mail_message = E-mail
module_visibility = Module visibility
notification_preferences = Notification settings
oidc_provider = Single sign-on provider
organization = Organization
payment = Payment
portal_request = Portal request
privilege_group = Privilege group
quote = Quote
session = Session
sign_in_settings = Sign-in settings
staff_user = Staff user
staff_team = Team
sla_calendar = Business-hours calendar
sla_policy = SLA policy
ticket = Ticket
ticket_email = Ticket e-mail
user_group = User group
`);

export const actionLabel = (code: string) => ACTION_LABELS[code] ?? humanize(code);
export const entityLabel = (code: string) => ENTITY_LABELS[code] ?? humanize(code);

/** The sign-in actions the log leaves out unless asked (the API's SIGN_IN_ACTIONS). */
export const SIGN_IN_ACTIONS = ['sign_in', 'sign_in_failed', 'sign_in_password_ok'];
