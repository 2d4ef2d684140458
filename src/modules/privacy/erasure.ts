import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { findContact } from '../contacts/repo.ts';
import type { ErasureOut } from './schema.ts';

/**
 * Erasing a contact (issue 14 §5, docs/privacy.md): the person is anonymised, the records of the
 * desk stay. The contact row itself is kept (tickets.requester_id and every other foreign key keep
 * pointing at it, so the tickets stay where every scope found them), with its personal fields
 * replaced by a placeholder ("Erased contact 7f3a"), disabled, its ways to sign in deleted. One
 * function answers both the preview (run in a rolled-back savepoint) and the real thing, so the
 * preview is exactly what the erasure does. Every count is of rows it changes or deletes.
 */

/** What the rows about it say instead of its other personal fields. */
const BLANK_FIELDS = JSON.stringify({ phone: '', title: '', department: '', attributes: {} });

/** The placeholder identity: from the id alone, so the preview names what the erasure will write. */
export function erasedIdentity(contactId: string) {
  const tag = contactId.replace(/-/g, '').slice(-4);
  return {
    name: `Erased contact ${tag}`,
    email: `erased-${contactId}@erased.invalid`,
  };
}

const count = async (query: Promise<{ numDeletedRows?: bigint; numUpdatedRows?: bigint }[]>) =>
  (await query).reduce((n, r) => n + Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0n), 0);

const rowsOf = async (trx: Transaction<DB>, query: ReturnType<typeof sql>) =>
  Number((await query.execute(trx)).numAffectedRows ?? 0n);

/** The address as a case-insensitive PostgreSQL pattern (addresses are compared that way everywhere). */
const addressPattern = (email: string) => email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every occurrence of the address in a text column (where it occurs), answering the rows changed. */
function replaceIn(
  trx: Transaction<DB>,
  table: string,
  column: string,
  pattern: string,
  to: string,
  where: ReturnType<typeof sql>,
) {
  const col = sql.ref(column);
  return rowsOf(
    trx,
    sql`update ${sql.table(table)} set ${col} = regexp_replace(${col}, ${pattern}, ${to}, 'gi')
      where ${where} and ${col} ~* ${pattern}`,
  );
}

export async function eraseContact(ctx: ChangeContext, contactId: string): Promise<ErasureOut> {
  const { trx } = ctx;
  const contact = await findContact(trx, contactId);
  if (!contact) throw notFound('Contact');
  const anon = erasedIdentity(contactId);
  const id = sql`${contactId}::uuid`;
  const email = contact.email;
  const pattern = addressPattern(email);

  // Kept records, counted for the preview: they stay, pointing at the anonymised contact.
  const kept = await sql<{ tickets: number; comments: number; attachments: number; quotes: number }>`
    select
      (select count(*)::int from tickets where requester_id = ${id}) as tickets,
      (select count(*)::int from ticket_comments where author_contact_id = ${id}) as comments,
      (select count(*)::int from attachments where uploaded_by_contact_id = ${id}) as attachments,
      (select count(*)::int from quotes where contact_id = ${id} or decided_by_contact_id = ${id}) as quotes`
    .execute(trx)
    .then((r) => r.rows[0] ?? { tickets: 0, comments: 0, attachments: 0, quotes: 0 });

  // Signed out everywhere, and no way back in: sessions, personal API tokens, password links,
  // second factor (its recovery codes cascade), sign-in challenges, OIDC and directory links.
  const removed = {
    sessions: await count(trx.deleteFrom('sessions').where('contact_id', '=', contactId).execute()),
    apiTokens: await count(trx.deleteFrom('api_tokens').where('contact_id', '=', contactId).execute()),
    passwordLinks: await count(
      trx.deleteFrom('password_tokens').where('contact_id', '=', contactId).execute(),
    ),
    twoFactor: await count(trx.deleteFrom('two_factors').where('contact_id', '=', contactId).execute()),
    signInLinks:
      (await count(trx.deleteFrom('sign_in_challenges').where('contact_id', '=', contactId).execute())) +
      (await count(trx.deleteFrom('oidc_identities').where('contact_id', '=', contactId).execute())) +
      (await count(trx.deleteFrom('directory_accounts').where('contact_id', '=', contactId).execute())),
    // What gave the person access or mail: nobody should reach anything through an erased person.
    accessGrants: await count(trx.deleteFrom('access_grants').where('contact_id', '=', contactId).execute()),
    groupMemberships:
      (await count(trx.deleteFrom('user_group_contacts').where('contact_id', '=', contactId).execute())) +
      (await count(trx.deleteFrom('user_group_rule_members').where('contact_id', '=', contactId).execute())),
    notificationSettings: await count(
      trx.deleteFrom('contact_notification_preferences').where('contact_id', '=', contactId).execute(),
    ),
    mailReplyAddresses: await count(
      trx.deleteFrom('mail_reply_tokens').where('contact_id', '=', contactId).execute(),
    ),
    // Mail not yet sent to it is never sent.
    queuedMails: await count(
      trx
        .deleteFrom('mail_messages')
        .where('contact_id', '=', contactId)
        .where('status', 'in', ['queued', 'failed'])
        .execute(),
    ),
  };

  // Mail already sent keeps its row (the queue's history) without address or body.
  const sentMails = await rowsOf(
    trx,
    sql`update mail_messages set to_address = ${anon.email}, text_body = '', html_body = null
      where contact_id = ${id} or lower(to_address) = lower(${email})`,
  );
  // Inbound mail from it: the sender's address goes, the raw message (headers, signature) is deleted.
  const inbound = await sql<{ raw_file_id: string | null }>`
    update mail_inbound m set from_address = ${anon.email}, raw_file_id = null
    from mail_inbound old where old.id = m.id and (m.contact_id = ${id} or lower(m.from_address) = lower(${email}))
    returning old.raw_file_id`.execute(trx);
  const rawIds = inbound.rows.map((r) => r.raw_file_id).filter((x): x is string => x !== null);
  if (rawIds.length > 0) await trx.deleteFrom('files').where('id', 'in', rawIds).execute();

  // Its address where it is written into the conversation: e-mails filed under tickets, its own
  // comments, the descriptions of its tickets. The words it wrote are kept (docs/privacy.md).
  const mentions =
    (await replaceIn(trx, 'ticket_emails', 'from_address', pattern, anon.email, sql`true`)) +
    (await replaceIn(trx, 'ticket_emails', 'to_address', pattern, anon.email, sql`true`)) +
    (await replaceIn(trx, 'ticket_emails', 'body', pattern, anon.email, sql`true`)) +
    (await replaceIn(trx, 'ticket_comments', 'body', pattern, anon.email, sql`author_contact_id = ${id}`)) +
    (await replaceIn(trx, 'tickets', 'description', pattern, anon.email, sql`requester_id = ${id}`));

  // The audit trail stays, naming the placeholder: rows it acted in, rows about it, rows whose
  // label or data carry its address (failed sign-ins name the address typed).
  const anonLabel = `${anon.name} <${anon.email}>`;
  const scrub = (column: string) =>
    sql`case when ${sql.ref(column)} is null then null else replace(regexp_replace(${sql.ref(column)}::text,
      ${pattern}, ${anon.email}, 'gi'), ${JSON.stringify(contact.name)}, ${JSON.stringify(anon.name)})::jsonb end`;
  const auditRows = await rowsOf(
    trx,
    sql`update audit_log set
        actor_label = regexp_replace(replace(actor_label, ${`${contact.name} <${email}>`}, ${anonLabel}),
          ${pattern}, ${anon.email}, 'gi'),
        before = ${scrub('before')},
        after = ${scrub('after')}
      where actor_id = ${id} or entity_id = ${id}
        or actor_label ~* ${pattern}
        or (coalesce(before::text, '') || coalesce(after::text, '')) ~* ${pattern}
        or strpos(coalesce(before::text, '') || coalesce(after::text, ''), ${contactId}) > 0`,
  );
  // The other personal fields in the rows about it (phone, title, department, attributes).
  await sql`update audit_log set
      before = case when before ? 'phone' then before || ${BLANK_FIELDS}::jsonb else before end,
      after = case when after ? 'phone' then after || ${BLANK_FIELDS}::jsonb else after end
    where entity_type = 'contact' and entity_id = ${id}`.execute(trx);

  await trx
    .updateTable('contacts')
    .set({
      name: anon.name,
      email: anon.email,
      phone: '',
      title: '',
      department: '',
      attributes: '{}',
      password_hash: null,
      disabled: true,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', contactId)
    .execute();

  const summary: ErasureOut = {
    contactId,
    anonymisedAs: anon,
    cleared: ['name', 'email', 'phone', 'title', 'department', 'attributes', 'password'],
    removed,
    anonymised: { sentMails, inboundMails: inbound.rows.length, addressMentions: mentions, auditRows },
    kept,
  };
  // The erasure's own row names no personal data: the id, the placeholder and the counts.
  await audit(ctx, { action: 'erase', entityType: 'contact', entityId: contactId, after: summary });
  return summary;
}
