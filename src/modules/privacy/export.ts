import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';
import { notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { findContact, toContactOut } from '../contacts/repo.ts';
import type { ContactExportOut } from './schema.ts';

type Row = Record<string, unknown>;

const rows = async (trx: Transaction<DB>, query: RawBuilder<Row>) => (await query.execute(trx)).rows;

/**
 * A contact's data as one JSON document (docs/privacy.md). Tickets, the comments and files filed
 * under them go through the staff ticket scope (staffVisibleTickets): an administrator's export is
 * complete, an agent's has what the agent may see (and no audit trail: the audit log is the
 * administrators'). Other people's names are left out of the
 * conversation (an author is `self`, `staff` or `other`). Audited, without the data itself.
 */
export async function exportContact(ctx: ChangeContext, contactId: string): Promise<ContactExportOut> {
  const { trx, staff } = ctx;
  const contact = await findContact(trx, contactId);
  if (!contact) throw notFound('Contact');
  const id = sql`${contactId}::uuid`;
  const seen = staffVisibleTickets(staff, 't');
  const author = sql`case when c.author_contact_id = ${id} then 'self'
    when c.author_staff_id is not null then 'staff' else 'other' end`;

  const profile = await rows(
    trx,
    sql<Row>`select o.name as "organization", pg.name as "privilegeGroup"
      from contacts ct join organizations o on o.id = ct.organization_id
      join privilege_groups pg on pg.id = ct.privilege_group_id where ct.id = ${id}`,
  );
  const tickets = await rows(
    trx,
    sql<Row>`select t.id, t.number, t.subject, t.description, t.status, t.private as "private",
        t.created_at as "createdAt", t.closed_at as "closedAt",
        coalesce((select json_agg(json_build_object('id', c.id, 'author', ${author}, 'body', c.body,
          'createdAt', c.created_at) order by c.id) from ticket_comments c
          where c.ticket_id = t.id and c.public), '[]'::json) as "conversation"
      from tickets t where t.requester_id = ${id} and ${seen} order by t.created_at, t.id`,
  );
  const commentsElsewhere = await rows(
    trx,
    sql<Row>`select c.id, t.number as "ticketNumber", c.body, c.public as "public", c.created_at as "createdAt"
      from ticket_comments c join tickets t on t.id = c.ticket_id
      where c.author_contact_id = ${id} and t.requester_id <> ${id} and ${seen} order by c.id`,
  );
  const files = await rows(
    trx,
    sql<Row>`select a.id, t.number as "ticketNumber", f.filename, f.content_type as "contentType",
        f.size_bytes as "sizeBytes", f.sha256, a.created_at as "createdAt",
        '/api/staff/attachments/' || a.id as "download"
      from attachments a join files f on f.id = a.file_id join tickets t on t.id = a.ticket_id
      where a.uploaded_by_contact_id = ${id} and ${seen} order by a.id`,
  );
  const quotes = await rows(
    trx,
    sql<Row>`select q.id, q.number, q.title, q.status, q.total_cents as "totalCents", q.sent_at as "sentAt",
        q.decided_at as "decidedAt", (q.decided_by_contact_id = ${id}) as "decidedByThisContact"
      from quotes q where q.contact_id = ${id} or q.decided_by_contact_id = ${id} order by q.id`,
  );
  const invoices = await rows(
    trx,
    sql<Row>`select i.id, i.number, i.status, i.issued_on::text as "issuedOn", i.due_on::text as "dueOn",
        i.total_cents as "totalCents", q.number as "quoteNumber"
      from invoices i join quotes q on q.id = i.quote_id
      where q.contact_id = ${id} or q.decided_by_contact_id = ${id} order by i.id`,
  );
  const result: ContactExportOut = {
    format: 'portico-contact-export/1',
    exportedAt: new Date(),
    contact: { ...toContactOut(contact), ...profile[0] },
    memberships: {
      userGroups: await rows(
        trx,
        sql<Row>`select g.id, g.name, m.directory_managed as "fromDirectory"
          from user_group_contacts m join user_groups g on g.id = m.user_group_id
          where m.contact_id = ${id} order by g.name`,
      ),
      accessGrants: await rows(
        trx,
        sql<Row>`select a.id, g.name as "userGroup", a.level, a.expires_at as "expiresAt", a.created_at as "createdAt"
          from access_grants a join user_groups g on g.id = a.user_group_id
          where a.contact_id = ${id} order by a.id`,
      ),
      participations: await rows(
        trx,
        sql<Row>`select t.number as "ticketNumber", p.added_at as "addedAt"
          from ticket_participants p join tickets t on t.id = p.ticket_id
          where p.contact_id = ${id} and ${seen} order by p.added_at`,
      ),
    },
    consents: {
      notifications:
        (
          await rows(
            trx,
            sql<Row>`select scope, delivery, updated_at as "updatedAt"
              from contact_notification_preferences where contact_id = ${id}`,
          )
        )[0] ?? null,
    },
    signIn: {
      sessions: await rows(
        trx,
        sql<Row>`select created_at as "createdAt", last_seen_at as "lastSeenAt", expires_at as "expiresAt",
            ip, user_agent as "userAgent", (impersonator_staff_id is not null) as "impersonation"
          from sessions where contact_id = ${id} order by created_at`,
      ),
      apiTokens: await rows(
        trx,
        sql<Row>`select name, token_prefix as "prefix", created_at as "createdAt", last_used_at as "lastUsedAt",
            expires_at as "expiresAt", revoked_at as "revokedAt"
          from api_tokens where contact_id = ${id} order by created_at`,
      ),
      twoFactor:
        (await trx
          .selectFrom('two_factors')
          .select('id')
          .where('contact_id', '=', contactId)
          .where('confirmed_at', 'is not', null)
          .executeTakeFirst()) !== undefined,
      identityProviders: await rows(
        trx,
        sql<Row>`select p.name as "provider", i.subject, i.created_at as "createdAt"
          from oidc_identities i join oidc_providers p on p.id = i.provider_id where i.contact_id = ${id}`,
      ),
    },
    tickets,
    commentsElsewhere,
    files,
    assets: await rows(
      trx,
      sql<Row>`select id, name, asset_type as "assetType", serial_number as "serialNumber", status
        from assets where contact_id = ${id} order by id`,
    ),
    quotes,
    invoices,
    // The audit log is the administrators' (as GET /api/staff/audit is): an agent's export has none.
    auditTrail:
      staff.role !== 'admin'
        ? []
        : await rows(
            trx,
            sql<Row>`select at, action, entity_type as "entityType", entity_id as "entityId",
          case when actor_id = ${id} then 'self' else actor_type end as "actor", ip, before, after
        from audit_log where actor_id = ${id} or entity_id = ${id} order by id`,
          ),
  };
  await audit(ctx, {
    action: 'export',
    entityType: 'contact',
    entityId: contactId,
    after: { tickets: tickets.length, files: files.length, quotes: quotes.length, invoices: invoices.length },
  });
  return result;
}
