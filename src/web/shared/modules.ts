// The portal's modules as both interfaces know them (permission-model §2).
import type { ApiResponse } from './api-types.ts';

export type Module = ApiResponse<'/api/portal/me'>['modules'][number];

/** The privilege without which a module shows nothing, even where its user group may use it. */
export const VIEW_PRIVILEGE: Record<Module, string> = {
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
