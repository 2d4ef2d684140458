import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/auth/passwords.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
const ARGON2 = { memoryCost: 19456, timeCost: 2 };
let passwordHash: Promise<string> | undefined;
/** One hash shared by every test account: hashing is the slow part of creating one. */
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD, ARGON2));

const unique = () => randomBytes(4).toString('hex');

export async function createStaffUser(
  db: Kysely<DB>,
  values: { role?: 'admin' | 'agent'; email?: string; name?: string; disabled?: boolean } = {},
) {
  const suffix = unique();
  return db
    .insertInto('staff_users')
    .values({
      email: values.email ?? `staff-${suffix}@example.test`,
      name: values.name ?? `Staff ${suffix}`,
      role: values.role ?? 'admin',
      disabled: values.disabled ?? false,
      password_hash: await testPasswordHash(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createOrganization(
  db: Kysely<DB>,
  values: { name?: string; parentId?: string | null } = {},
) {
  return db
    .insertInto('organizations')
    .values({ name: values.name ?? `Org ${unique()}`, parent_id: values.parentId ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function privilegeGroupId(
  db: Kysely<DB>,
  systemKey: 'no_portal_access' | 'limited' | 'partial' | 'full',
) {
  const row = await db
    .selectFrom('privilege_groups')
    .select('id')
    .where('system_key', '=', systemKey)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createContact(
  db: Kysely<DB>,
  values: {
    organizationId?: string;
    privilegeGroup?: 'no_portal_access' | 'limited' | 'partial' | 'full';
    privilegeGroupId?: string;
    email?: string;
    name?: string;
    department?: string;
    title?: string;
    attributes?: Record<string, string>;
    disabled?: boolean;
    withPassword?: boolean;
  } = {},
) {
  const suffix = unique();
  const organizationId = values.organizationId ?? (await createOrganization(db)).id;
  return db
    .insertInto('contacts')
    .values({
      organization_id: organizationId,
      privilege_group_id:
        values.privilegeGroupId ?? (await privilegeGroupId(db, values.privilegeGroup ?? 'limited')),
      email: values.email ?? `contact-${suffix}@example.test`,
      name: values.name ?? `Contact ${suffix}`,
      department: values.department ?? '',
      title: values.title ?? '',
      attributes: JSON.stringify(values.attributes ?? {}),
      disabled: values.disabled ?? false,
      password_hash: values.withPassword === false ? null : await testPasswordHash(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
