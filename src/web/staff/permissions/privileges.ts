// The privilege catalogue as the editor shows it: grouped, with short names, and what each needs.

export type Category = { key: string; title: string; hint?: string; match: (name: string) => boolean };

export const CATEGORIES: Category[] = [
  {
    key: 'tickets',
    title: 'Tickets',
    hint: 'Tickets in the ticket scope, and what the contact may do on the tickets it may write.',
    match: (n) => n.startsWith('tickets.'),
  },
  {
    key: 'attachments',
    title: 'Attachments',
    hint: 'Public files on tickets; internal files are never shown to contacts.',
    match: (n) => n.startsWith('attachments.'),
  },
  {
    key: 'records',
    title: 'Records',
    hint: 'Assets, contracts, charges, quotes, invoices, payments and documents in the record scope.',
    match: (n) => /^(assets|contracts|charges|quotes|invoices|payments|documents)\./.test(n),
  },
  {
    key: 'kb',
    title: 'Knowledge base',
    hint: 'Published articles for everyone or for user groups the contact is in.',
    match: (n) => n.startsWith('kb.'),
  },
  {
    key: 'account',
    title: 'Portal and account',
    match: (n) => n === 'portal.login' || n.startsWith('account.'),
  },
];

export const PRIVILEGE_LABEL: Record<string, string> = {
  'portal.login': 'Sign in to the portal',
  'tickets.view': 'See tickets',
  'tickets.create': 'Open tickets',
  'tickets.reply': 'Reply',
  'tickets.edit_description': 'Edit the description',
  'tickets.close': 'Close and reopen',
  'tickets.priority.view': 'See the priority',
  'tickets.priority.edit': 'Change the priority',
  'tickets.asset.view': 'See the linked asset',
  'tickets.asset.edit': 'Set the linked asset',
  'tickets.participants.manage': 'Add colleagues as participants',
  'tickets.history.view': 'See the history',
  'tickets.emails.view': 'See public e-mails',
  'attachments.view': 'Download attachments',
  'attachments.upload': 'Upload attachments',
  'assets.view': 'See assets',
  'assets.config_notes.view': 'See configuration notes',
  'contracts.view': 'See contracts',
  'charges.view': 'See charges',
  'quotes.view': 'See quotes',
  'quotes.accept': 'Accept or decline quotes',
  'invoices.view': 'See invoices',
  'payments.view': 'See payments',
  'documents.view': 'Download documents',
  'kb.view': 'Read articles',
  'kb.files.download': 'Download article files',
  'account.change_password': 'Change its password',
  'account.api_tokens': 'Create read-only API tokens',
};

export const privilegeLabel = (name: string) => PRIVILEGE_LABEL[name] ?? name;

/** A privilege that does nothing without another one (permission-model §2 and the explain rules). */
const NEEDS: Record<string, string[]> = {
  'tickets.create': ['tickets.view'],
  'tickets.reply': ['tickets.view'],
  'tickets.edit_description': ['tickets.view'],
  'tickets.close': ['tickets.view'],
  'tickets.priority.view': ['tickets.view'],
  'tickets.priority.edit': ['tickets.view', 'tickets.priority.view'],
  'tickets.asset.view': ['tickets.view'],
  'tickets.asset.edit': ['tickets.view', 'assets.view'],
  'tickets.participants.manage': ['tickets.view'],
  'tickets.history.view': ['tickets.view'],
  'tickets.emails.view': ['tickets.view'],
  'attachments.view': ['tickets.view'],
  'attachments.upload': ['tickets.view'],
  'assets.config_notes.view': ['assets.view'],
  'quotes.accept': ['quotes.view'],
  'kb.files.download': ['kb.view'],
};

/** Sentences about chosen privileges that have no effect as chosen. */
export function privilegeWarnings(chosen: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (chosen.size > 0 && !chosen.has('portal.login'))
    out.push(
      `Without “${privilegeLabel('portal.login')}” the contacts cannot sign in, so no other privilege has any effect.`,
    );
  for (const name of chosen) {
    const missing = (NEEDS[name] ?? []).filter((n) => !chosen.has(n));
    if (missing.length)
      out.push(
        `“${privilegeLabel(name)}” has no effect without ${missing.map((m) => `“${privilegeLabel(m)}”`).join(' and ')}.`,
      );
  }
  return out;
}
