import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, OidcProvidersTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { issuerProblem } from '../../auth/oidc.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import type { ProviderInput } from './schema.ts';

/** Providers an administrator configured: their rows, checks and wire form (never the secret). */

export type ProviderRow = Selectable<OidcProvidersTable>;

/** A handful per installation (one per directory): the list is answered whole. */
export const MAX_PROVIDERS = 50;

export const CALLBACK_PATH = '/api/auth/oidc/callback';
export const redirectUriOf = (publicUrl: string) => `${publicUrl}${CALLBACK_PATH}`;

export function loadProvider(db: Kysely<DB>, id: string): Promise<ProviderRow | undefined> {
  return db.selectFrom('oidc_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listProviders(db: Kysely<DB>): Promise<ProviderRow[]> {
  return db
    .selectFrom('oidc_providers')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(MAX_PROVIDERS)
    .execute();
}

/** The providers whose button a side's sign-in page shows. */
export function providersFor(db: Kysely<DB>, side: 'portal' | 'staff') {
  return db
    .selectFrom('oidc_providers')
    .select(['id', 'name'])
    .where('audience', 'in', [side, 'both'])
    .orderBy('name')
    .orderBy('id')
    .limit(MAX_PROVIDERS)
    .execute();
}

export const wireProvider = (row: ProviderRow, publicUrl: string) => ({
  id: row.id,
  name: row.name,
  issuer: row.issuer,
  clientId: row.client_id,
  audience: row.audience,
  allowedDomains: row.allowed_domains,
  jitEnabled: row.jit_enabled,
  jitOrganizationId: row.jit_organization_id,
  jitByMailDomain: row.jit_by_mail_domain,
  groupClaims: Object.entries(row.group_claims).map(([claim, userGroupId]) => ({ claim, userGroupId })),
  privilegeClaims: row.privilege_claims.map((m) => ({ claim: m.claim, privilegeGroupId: m.id })),
  redirectUri: redirectUriOf(publicUrl),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What the audit log keeps of a provider: everything but the secret. */
export const auditedProvider = (row: ProviderRow) => {
  const { client_secret: _secret, created_at: _c, updated_at: _u, ...rest } = row;
  return rest;
};

/** 422 for settings that cannot work; nothing is written before these pass. */
async function checkInput(trx: Transaction<DB>, input: ProviderInput): Promise<void> {
  const problem = issuerProblem(input.issuer);
  if (problem) throw invalid('body.issuer', problem);
  if (input.jitEnabled) {
    if (input.audience === 'staff')
      throw invalid(
        'body.jitEnabled',
        'only contacts are created at sign-in: audience must include the portal',
      );
    if (!input.jitOrganizationId && !input.jitByMailDomain)
      throw invalid(
        'body.jitOrganizationId',
        'name the organization new contacts land in (or use the mail domain)',
      );
  }
  if (input.jitOrganizationId) {
    const org = await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.jitOrganizationId)
      .executeTakeFirst();
    if (!org) throw invalid('body.jitOrganizationId', 'no such organization');
  }
  const claims = input.groupClaims.map((c) => c.claim);
  const twice = claims.findIndex((c, i) => claims.indexOf(c) !== i);
  if (twice >= 0) throw invalid(`body.groupClaims.${twice}.claim`, 'listed twice');
  const ids = [...new Set(input.groupClaims.map((c) => c.userGroupId))];
  if (ids.length > 0) {
    const found = await trx
      .selectFrom('user_groups')
      .select(['id', 'always'])
      .where('id', 'in', ids)
      .execute();
    const index = input.groupClaims.findIndex((c) => !found.some((g) => g.id === c.userGroupId && !g.always));
    if (index >= 0)
      throw invalid(
        `body.groupClaims.${index}.userGroupId`,
        'no such user group (or an always-group, which has no members)',
      );
  }
  const privilegeClaims = input.privilegeClaims ?? [];
  const privileges = [...new Set(privilegeClaims.map((c) => c.privilegeGroupId))];
  if (privileges.length > 0) {
    const found = new Set(
      (await trx.selectFrom('privilege_groups').select('id').where('id', 'in', privileges).execute()).map(
        (g) => g.id,
      ),
    );
    const index = privilegeClaims.findIndex((c) => !found.has(c.privilegeGroupId));
    if (index >= 0)
      throw invalid(`body.privilegeClaims.${index}.privilegeGroupId`, 'no such privilege group');
  }
}

const columnsOf = (input: ProviderInput) => ({
  name: input.name,
  issuer: input.issuer.replace(/\/$/, ''),
  client_id: input.clientId,
  audience: input.audience,
  allowed_domains: [...new Set(input.allowedDomains)],
  jit_enabled: input.jitEnabled,
  jit_organization_id: input.jitOrganizationId,
  jit_by_mail_domain: input.jitByMailDomain,
  group_claims: JSON.stringify(Object.fromEntries(input.groupClaims.map((c) => [c.claim, c.userGroupId]))),
  ...(input.privilegeClaims
    ? {
        privilege_claims: JSON.stringify(
          input.privilegeClaims.map((c) => ({ claim: c.claim, id: c.privilegeGroupId })),
        ),
      }
    : {}),
});

export async function createProvider(
  trx: Transaction<DB>,
  input: ProviderInput & { clientSecret: string },
): Promise<ProviderRow> {
  await checkInput(trx, input);
  const count = await trx
    .selectFrom('oidc_providers')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (count.n >= MAX_PROVIDERS) throw conflict(`At most ${MAX_PROVIDERS} providers.`);
  return trx
    .insertInto('oidc_providers')
    .values({ ...columnsOf(input), client_secret: input.clientSecret })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Answers the row before and after. */
export async function updateProvider(trx: Transaction<DB>, id: string, input: ProviderInput) {
  const before = await trx
    .selectFrom('oidc_providers')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw notFound('Provider');
  await checkInput(trx, input);
  const after = await trx
    .updateTable('oidc_providers')
    .set({
      ...columnsOf(input),
      ...(input.clientSecret ? { client_secret: input.clientSecret } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}
