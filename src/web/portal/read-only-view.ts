// A read-only "view portal as": the words for what the view hides that the contact could do.
import { labelTable } from '../shared/label-table.ts';
import type { Me } from './types.ts';

/** The write privileges in words, in the order a contact meets them. */
const HIDDEN_WORDS = labelTable(`
tickets.create = open tickets
tickets.reply = reply
attachments.upload = upload files
tickets.edit_description = edit descriptions
tickets.close = close and reopen tickets
tickets.priority.edit = change priorities
tickets.asset.edit = link assets to tickets
tickets.participants.manage = add colleagues to tickets
quotes.accept = accept or decline quotes
account.change_password = change their password
account.api_tokens = create API tokens
`);

/** Whether the page is a staff user's read-only view of this contact's portal. */
export const isReadOnlyView = (me: Me) => me.impersonation?.mode === 'read';

/** "reply, upload files and close and reopen tickets": what the contact could do and the view hides. */
export function hiddenActions(me: Me): string {
  const hidden = new Set(me.impersonation?.hiddenPrivileges ?? []);
  const words = Object.entries(HIDDEN_WORDS).flatMap(([p, w]) => (hidden.has(p) ? [w] : []));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
