import type { Privilege } from '../authz/privileges.ts';
import type { ScopeLevel, TicketScope } from '../db/schema.ts';
import { daysAgo, uuidV7, type DemoContext } from './util.ts';

const LIMITED: Privilege[] = [
  'portal.login',
  'tickets.view',
  'tickets.create',
  'tickets.reply',
  'attachments.view',
  'assets.view',
  'documents.view',
  'kb.view',
  'account.change_password',
];
const PARTIAL: Privilege[] = [
  ...LIMITED,
  'tickets.priority.view',
  'tickets.asset.view',
  'tickets.history.view',
  'tickets.emails.view',
  'contracts.view',
  'quotes.view',
  'attachments.upload',
  'kb.files.download',
];

type CustomGroup = {
  name: string;
  description: string;
  privileges: Privilege[];
  ticketScope: TicketScope;
  recordScope: TicketScope;
  scopeLevel: ScopeLevel;
};

/** Custom privilege groups (keyed by the name contacts below refer to). */
export const CUSTOM_PRIVILEGE_GROUPS: Record<string, CustomGroup> = {
  school_staff: {
    name: 'School Staff',
    description:
      'Teachers and office staff: Limited plus priority, history, uploads, KB files and adding colleagues to their tickets. Own tickets.',
    privileges: [
      ...LIMITED,
      'tickets.priority.view',
      'tickets.history.view',
      'attachments.upload',
      'kb.files.download',
      'tickets.participants.manage',
    ],
    ticketScope: 'own',
    recordScope: 'own',
    scopeLevel: 'read',
  },
  school_principal: {
    name: 'School Principal',
    description:
      'For principals: every ticket and record of their school, with replying, closing and accepting quotes.',
    privileges: [
      ...PARTIAL,
      'tickets.edit_description',
      'tickets.close',
      'tickets.priority.edit',
      'tickets.asset.edit',
      'assets.config_notes.view',
      'charges.view',
      'quotes.accept',
    ],
    ticketScope: 'organization',
    recordScope: 'organization',
    scopeLevel: 'write',
  },
  district_manager: {
    name: 'District Manager',
    description: 'Sees the tickets and records of the organization and every school below it, read-only.',
    privileges: [
      ...PARTIAL,
      'assets.config_notes.view',
      'charges.view',
      'invoices.view',
      'payments.view',
      // Reports through their own scripts: read-only personal tokens for the portal API.
      'account.api_tokens',
    ],
    ticketScope: 'organization_tree',
    recordScope: 'organization_tree',
    scopeLevel: 'read',
  },
  accounting: {
    name: 'Accounting',
    description:
      "Billing contacts: the organization's quotes (accept), invoices, payments, contracts, charges.",
    privileges: [
      ...LIMITED,
      'contracts.view',
      'charges.view',
      'quotes.view',
      'quotes.accept',
      'invoices.view',
      'payments.view',
    ],
    ticketScope: 'own',
    recordScope: 'organization',
    scopeLevel: 'read',
  },
};

/** Inserts the custom groups; returns the ids of every group by system key or custom key. */
export async function seedPrivilegeGroups(ctx: DemoContext): Promise<Record<string, string>> {
  const { trx, now } = ctx;
  const groupIds: Record<string, string> = {};
  for (const row of await trx
    .selectFrom('privilege_groups')
    .select(['id', 'system_key'])
    .where('system_key', 'is not', null)
    .execute()) {
    if (row.system_key) groupIds[row.system_key] = row.id;
  }
  for (const [key, g] of Object.entries(CUSTOM_PRIVILEGE_GROUPS)) {
    const at = daysAgo(now, 380);
    const row = await trx
      .insertInto('privilege_groups')
      .values({
        id: uuidV7(at),
        name: g.name,
        description: g.description,
        privileges: [...new Set(g.privileges)],
        ticket_scope: g.ticketScope,
        record_scope: g.recordScope,
        scope_level: g.scopeLevel,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    groupIds[key] = row.id;
  }

  return groupIds;
}
