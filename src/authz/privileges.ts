/** The fixed privilege catalogue of permission-model §2. */
export const PRIVILEGES = {
  'portal.login': 'May sign in to the portal at all.',
  'tickets.view': 'May see tickets in its ticket scope.',
  'tickets.create': 'May open tickets (always as itself, in its own organization).',
  'tickets.reply': 'May add public comments to tickets it may write.',
  'tickets.edit_description': 'May edit the description of tickets it may write.',
  'tickets.close': 'May close and reopen tickets it may write.',
  'tickets.priority.view': 'May see the priority of tickets.',
  'tickets.priority.edit': 'May change the priority of tickets it may write.',
  'tickets.asset.view': 'May see the asset linked to a ticket.',
  'tickets.asset.edit': 'May set the asset linked to a ticket it may write (only assets it may see).',
  'tickets.participants.manage':
    'May add colleagues as participants of tickets it may write, and remove those it added.',
  'tickets.history.view': "May see a ticket's history of status and field changes and public notes.",
  'tickets.emails.view': 'May see e-mails filed under a ticket that are marked public.',
  'attachments.view': 'May download public attachments of tickets it may see.',
  'attachments.upload': 'May upload files to tickets it may write.',
  'assets.view': 'May see assets in its record scope.',
  'assets.config_notes.view': 'May see the configuration notes of those assets.',
  'contracts.view': 'May see contracts of its record scope.',
  'charges.view': 'May see charges on tickets and contracts it may see.',
  'quotes.view': 'May see quotes of its record scope.',
  'quotes.accept': 'May accept or decline quotes it may see.',
  'invoices.view': 'May see invoices of its record scope.',
  'payments.view': 'May see payments of its record scope.',
  'documents.view': 'May download public documents linked to its record scope.',
  'kb.view': 'May read knowledge-base articles visible to it.',
  'kb.files.download': 'May download the files of those articles.',
  'account.change_password': 'May change its own password.',
  'account.api_tokens': 'May create read-only personal API tokens for the portal API.',
} as const;

export type Privilege = keyof typeof PRIVILEGES;
export const PRIVILEGE_NAMES = Object.keys(PRIVILEGES) as Privilege[];

export const MODULES = [
  'tickets',
  'assets',
  'contracts',
  'charges',
  'quotes',
  'invoices',
  'payments',
  'documents',
  'kb',
] as const;
export type Module = (typeof MODULES)[number];

/** The privilege that lets a contact see a module's records at all. */
export const MODULE_VIEW_PRIVILEGE: Record<Module, Privilege> = {
  tickets: 'tickets.view',
  assets: 'assets.view',
  contracts: 'contracts.view',
  charges: 'charges.view',
  quotes: 'quotes.view',
  invoices: 'invoices.view',
  payments: 'payments.view',
  documents: 'documents.view',
  kb: 'kb.view',
};

/** Privileges that change something: a read-only impersonation holds none of them. */
export const WRITE_PRIVILEGES: ReadonlySet<Privilege> = new Set([
  'tickets.create',
  'tickets.reply',
  'tickets.edit_description',
  'tickets.close',
  'tickets.priority.edit',
  'tickets.asset.edit',
  'attachments.upload',
  'tickets.participants.manage',
  'quotes.accept',
  'account.change_password',
  'account.api_tokens',
]);
