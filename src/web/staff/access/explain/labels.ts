export const ACTION_LABEL: Record<string, string> = {
  see: 'See it',
  reply: 'Reply',
  editDescription: 'Edit the description',
  close: 'Close and reopen',
  priority: 'Change the priority',
  asset: 'Set the linked asset',
  upload: 'Upload files',
  configNotes: 'Read the configuration notes',
  accept: 'Accept or decline',
  download: 'Download',
};

export const PATH_LABEL: Record<string, string> = {
  own: 'Own',
  participant: 'Participant',
  scope: 'Scope',
  grant: 'Grant',
  public: 'Public',
  group: 'User group',
};

export const DENIAL_LABEL: Record<string, string> = {
  contact_disabled: 'Contact disabled',
  no_portal_login: 'No portal access',
  module_not_usable: 'Module not available to it',
  privilege_missing: 'Privilege missing',
  private_ticket: 'Private ticket',
  draft: 'Draft',
  not_published: 'Not published',
  not_public: 'Not public',
  not_reached: 'Out of its reach',
  read_only: 'Read-only',
  unexplained: 'Unexplained',
};
