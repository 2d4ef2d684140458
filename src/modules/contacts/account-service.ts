import { sql } from 'kysely';
import { issuePasswordLink } from '../../auth/password-links.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import type { Config } from '../../config.ts';
import { conflict, notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { queueMails } from '../../mail/outbox.ts';
import { findContactWithGroup } from './repo.ts';

/** Staff writes of a contact's portal account: invitation link and password, each with its audit row. */

/** A new invitation link. The link is a bearer secret: it is never written to the audit log. */
export async function inviteContact(ctx: ChangeContext, config: Config, id: string) {
  const contact = await findContactWithGroup(ctx.trx, id);
  if (!contact) throw notFound('Contact');
  if (contact.disabled) throw conflict('The contact is disabled: enable it before inviting it.');
  if (!contact.canLogIn)
    throw conflict(
      `The contact's privilege group "${contact.groupName}" does not allow portal sign-in (portal.login).`,
    );
  const issued = await issuePasswordLink(ctx.trx, config, {
    contactId: contact.id,
    purpose: 'invite',
    staffUserId: ctx.staff.id,
  });
  await audit(ctx, {
    action: 'invite',
    entityType: 'contact',
    entityId: contact.id,
    after: { expiresAt: issued.expiresAt },
  });
  return { ...issued, contact };
}

/**
 * "Send invitation": a new invitation link, mailed to the contact through the outbox in the same
 * transaction (the link is never shown to staff on this path). Answers the queued message's id.
 */
export async function emailInvitation(ctx: ChangeContext, config: Config, id: string) {
  const { url, expiresAt, contact } = await inviteContact(ctx, config, id);
  const [mailId = ''] = await queueMails(ctx.trx, config.publicUrl, [
    {
      kind: 'invitation',
      to: contact.email,
      contactId: contact.id,
      subject: 'Your Portico portal account',
      text: `Hello ${contact.name},\n\nYou have been invited to the Portico customer portal. Choose your password here (valid until ${expiresAt.toISOString().slice(0, 10)}, once):\n${url}\n`,
    },
  ]);
  return { mailId, expiresAt };
}

/** Sets the password (hashed by the caller, outside the transaction: hashing is slow). */
export async function setContactPassword(
  ctx: ChangeContext,
  id: string,
  passwordHash: string,
): Promise<void> {
  const updated = await ctx.trx
    .updateTable('contacts')
    .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw notFound('Contact');
  await deleteSessionsOf(ctx.trx, { contactId: id });
  // Outstanding invitation or reset links would let someone replace the new password.
  await ctx.trx
    .updateTable('password_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('contact_id', '=', id)
    .where('used_at', 'is', null)
    .execute();
  await audit(ctx, { action: 'password_set', entityType: 'contact', entityId: id });
}
