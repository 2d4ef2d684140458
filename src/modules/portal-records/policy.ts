import type { Kysely, Transaction } from 'kysely';
import type { Module, Privilege } from '../../authz/privileges.ts';
import type { DB } from '../../db/schema.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/**
 * A portal route of one record module: the authentication hook answers 404 when the contact may
 * not use the module and 403 when its group lacks the privilege, before the handler runs.
 */
export const portal = (module: Module, privilege: Privilege) => ({
  policy: { audience: 'portal' as const, module, privilege },
});
