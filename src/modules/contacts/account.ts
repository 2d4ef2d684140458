import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { issuePasswordLink } from '../../auth/password-links.ts';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { findContact, findContactWithGroup } from './repo.ts';
import { InvitationOut, SetContactPasswordBody } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['contacts'];

/** Staff actions on a contact's portal account: invitation link and password. */
const contactAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/contacts/:id/invitation',
    { config: STAFF, schema: { tags, params: IdParams, response: { 201: InvitationOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const contact = await findContactWithGroup(app.db, request.params.id);
      if (!contact) throw notFound('Contact');
      if (contact.disabled) throw conflict('The contact is disabled: enable it before inviting it.');
      if (!contact.canLogIn)
        throw conflict(
          `The contact's privilege group "${contact.groupName}" does not allow portal sign-in (portal.login).`,
        );
      // The link and its audit row commit together; the link itself (a bearer secret) is never
      // written to the audit log.
      const link = await app.db.transaction().execute(async (trx) => {
        const issued = await issuePasswordLink(trx, app.config, {
          contactId: contact.id,
          purpose: 'invite',
          staffUserId: staff.id,
        });
        const entry = {
          action: 'invite',
          entityType: 'contact',
          entityId: contact.id,
          after: { expiresAt: issued.expiresAt },
        };
        await recordAudit(trx, staff, entry, request.ip);
        return issued;
      });
      return reply.status(201).send(link);
    },
  );

  app.put(
    '/api/staff/contacts/:id/password',
    { config: STAFF, schema: { tags, params: IdParams, body: SetContactPasswordBody } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const contact = await findContact(app.db, id);
      if (!contact) throw notFound('Contact');
      const problem = passwordProblem(request.body.password, [contact.name, contact.email]);
      if (problem) throw invalid('body.password', problem);
      // Hashing is slow: done before the transaction opens, not inside it.
      const passwordHash = await hashPassword(request.body.password, app.config.argon2);
      await app.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('contacts')
          .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw notFound('Contact');
        await deleteSessionsOf(trx, { contactId: id });
        // Outstanding invitation or reset links would let someone replace the new password.
        await trx
          .updateTable('password_tokens')
          .set({ used_at: sql<Date>`now()` })
          .where('contact_id', '=', id)
          .where('used_at', 'is', null)
          .execute();
        await recordAudit(
          trx,
          staff,
          { action: 'password_set', entityType: 'contact', entityId: id },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default contactAccountRoutes;
