import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Claims } from '../../auth/oidc.ts';
import { recordAudit } from '../audit/record.ts';
import type { ProviderRow } from './providers.ts';

/** Why an OIDC sign-in is refused: the sign-in page shows a message for each. */
export type Refusal =
  | 'expired'
  | 'provider_error'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'unknown_account'
  | 'already_linked'
  | 'no_organization'
  | 'not_allowed';

export class OidcRefused extends Error {
  constructor(readonly reason: Refusal) {
    super(`OIDC sign-in refused: ${reason}`);
  }
}

export type Account = { id: string; email: string; role: 'admin' | 'agent' | null; allowed: boolean };

/** The verified e-mail of the claims, lower case; refused when missing, unverified or of a domain not allowed. */
export function verifiedEmail(provider: ProviderRow, claims: Claims): string {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  // Entra ID says "domain owner verified" (xms_edov, an optional claim) instead of email_verified.
  const verified = claims.email_verified === true || claims.xms_edov === true;
  if (!email.includes('@') || !verified) throw new OidcRefused('email_unverified');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (provider.allowed_domains.length > 0 && !provider.allowed_domains.includes(domain))
    throw new OidcRefused('domain_not_allowed');
  return email;
}

function staffBy(trx: Transaction<DB>) {
  return trx
    .selectFrom('staff_users')
    .select(['id', 'email', 'role', sql<boolean>`not disabled`.as('allowed')]);
}

function contactBy(trx: Transaction<DB>) {
  return trx
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .select([
      'contacts.id',
      'contacts.email',
      sql<null>`null`.as('role'),
      sql<boolean>`not contacts.disabled and 'portal.login' = any(privilege_groups.privileges)`.as('allowed'),
    ]);
}

const linkColumn = (side: 'portal' | 'staff') => (side === 'staff' ? 'staff_user_id' : 'contact_id');

/**
 * The staff user or contact the provider's subject is: by its link (issuer + subject) when it has
 * one; else, the first time, by the verified e-mail, and the link is recorded; else, for the
 * portal with just-in-time creation on, a new contact. An account linked to another subject of
 * this provider is not taken over by a new subject with its e-mail.
 */
export async function resolveAccount(
  trx: Transaction<DB>,
  provider: ProviderRow,
  side: 'portal' | 'staff',
  claims: Claims,
  email: string,
  ip: string,
): Promise<Account> {
  const column = linkColumn(side);
  const link = await trx
    .selectFrom('oidc_identities')
    .select(['staff_user_id', 'contact_id'])
    .where('provider_id', '=', provider.id)
    .where('subject', '=', claims.sub)
    .where(column, 'is not', null)
    .executeTakeFirst();
  const linkedId = link?.[column];
  if (linkedId) {
    const linked =
      side === 'staff'
        ? await staffBy(trx).where('id', '=', linkedId).executeTakeFirst()
        : await contactBy(trx).where('contacts.id', '=', linkedId).executeTakeFirst();
    if (linked) return linked;
  }

  const who = { kind: 'system' as const, label: `OIDC ${provider.name}` };
  let account: Account | undefined =
    side === 'staff'
      ? await staffBy(trx)
          .where(sql`lower(email)`, '=', email)
          .executeTakeFirst()
      : await contactBy(trx)
          .where(sql`lower(contacts.email)`, '=', email)
          .executeTakeFirst();
  if (!account) {
    if (side !== 'portal' || !provider.jit_enabled) throw new OidcRefused('unknown_account');
    account = await createContact(trx, provider, claims, email, who, ip);
  }
  const taken = await trx
    .insertInto('oidc_identities')
    .values({ provider_id: provider.id, subject: claims.sub, [column]: account.id })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!taken) throw new OidcRefused('already_linked');
  const entityType = side === 'staff' ? 'staff_user' : 'contact';
  await recordAudit(
    trx,
    who,
    {
      action: 'oidc_linked',
      entityType,
      entityId: account.id,
      after: { provider: provider.id, subject: claims.sub },
    },
    ip,
  );
  return account;
}

/** Just-in-time: a contact of the default privilege group, in the organization the provider names. */
async function createContact(
  trx: Transaction<DB>,
  provider: ProviderRow,
  claims: Claims,
  email: string,
  who: { kind: 'system'; label: string },
  ip: string,
): Promise<Account> {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const byDomain = provider.jit_by_mail_domain
    ? await trx
        .selectFrom('organizations')
        .select('id')
        .where(sql`lower(mail_domain)`, '=', domain)
        .orderBy('id')
        .executeTakeFirst()
    : undefined;
  const organizationId = byDomain?.id ?? provider.jit_organization_id;
  if (!organizationId) throw new OidcRefused('no_organization');
  const group = await trx
    .selectFrom('privilege_groups')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();
  if (!group) throw new OidcRefused('not_allowed');
  const name =
    typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
  const row = await trx
    .insertInto('contacts')
    .values({ organization_id: organizationId, privilege_group_id: group.id, name, email })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    who,
    {
      action: 'create',
      entityType: 'contact',
      entityId: row.id,
      after: { name, email, organizationId, via: 'oidc' },
    },
    ip,
  );
  const created = await contactBy(trx).where('contacts.id', '=', row.id).executeTakeFirstOrThrow();
  return created;
}
