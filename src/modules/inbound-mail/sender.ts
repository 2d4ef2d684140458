// Who sent an inbound message: an enabled staff user, a known contact (as the portal would see
// it), or nobody we know; an unknown sender may become a contact by its organization's mail domain.
import { sql, type Transaction } from 'kysely';
import { loadContactActor, maySignIn, type ContactActor, type StaffActor } from '../../authz/actor.ts';
import { canUseTickets } from '../../authz/tickets/condition.ts';
import type { DB } from '../../db/schema.ts';

export type Sender =
  | { kind: 'staff'; actor: StaffActor }
  | { kind: 'contact'; actor: ContactActor; disabled: boolean }
  | { kind: 'unknown' };

type Trx = Transaction<DB>;

export async function findSender(trx: Trx, address: string): Promise<Sender> {
  const staff = await trx
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'role', 'can_impersonate'])
    .where(sql`lower(email)`, '=', address)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (staff)
    return {
      kind: 'staff',
      actor: {
        kind: 'staff',
        id: staff.id,
        name: staff.name,
        email: staff.email,
        role: staff.role,
        canImpersonate: staff.can_impersonate,
      },
    };
  const contact = await trx
    .selectFrom('contacts')
    .select('id')
    .where(sql`lower(email)`, '=', address)
    .executeTakeFirst();
  const loaded = contact && (await loadContactActor(trx, contact.id));
  return loaded ? { kind: 'contact', actor: loaded.actor, disabled: loaded.disabled } : { kind: 'unknown' };
}

/**
 * What the portal would let this contact in to do by mail: it must be enabled, allowed to sign
 * in, and able to use the tickets module (permission model §5, as authenticate.ts checks).
 */
export function mayUsePortalTickets(sender: Extract<Sender, { kind: 'contact' }>): boolean {
  return maySignIn(sender) && canUseTickets(sender.actor);
}

/**
 * MAIL_UNKNOWN_SENDERS=create: a new contact, in the default privilege group, of the (oldest)
 * organization whose mail domain is the sender's; undefined when no organization has it.
 */
export async function createContactByDomain(
  trx: Trx,
  address: string,
  name: string,
): Promise<Extract<Sender, { kind: 'contact' }> | undefined> {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const organization = await trx
    .selectFrom('organizations')
    .select('id')
    .where(sql`lower(mail_domain)`, '=', domain)
    .orderBy('id')
    .executeTakeFirst();
  const group = await trx
    .selectFrom('privilege_groups')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();
  if (!organization || !group) return undefined;
  const { id } = await trx
    .insertInto('contacts')
    .values({
      organization_id: organization.id,
      privilege_group_id: group.id,
      name: name.trim().slice(0, 200) || address.slice(0, address.lastIndexOf('@')),
      email: address,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const loaded = await loadContactActor(trx, id);
  return loaded && { kind: 'contact', actor: loaded.actor, disabled: loaded.disabled };
}
