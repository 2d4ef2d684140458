import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { contactUpdateChange } from './access-change.ts';
import contactAccountRoutes from './account.ts';
import { findContact, listContacts, toContactOut } from './repo.ts';
import { ContactCreate, ContactListQuery, ContactOut, ContactUpdate } from './schema.ts';
import { createContact, deleteContact, updateContact } from './service.ts';

const tags = ['contacts'];

const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/contacts',
    {
      config: STAFF,
      schema: { tags, querystring: ContactListQuery, response: { 200: pageOf(ContactOut) } },
    },
    async (request) => {
      const { q, organizationId, privilegeGroupId, disabled, ...page } = request.query;
      const filter = {
        q,
        organizationId,
        privilegeGroupId,
        disabled: disabled === undefined ? undefined : disabled === 'true',
      };
      return listContacts(app.db, filter, page);
    },
  );

  app.get(
    '/api/staff/contacts/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: ContactOut } } },
    async (request) => {
      const row = await findContact(app.db, request.params.id);
      if (!row) throw notFound('Contact');
      return toContactOut(row);
    },
  );

  app.post(
    '/api/staff/contacts',
    { config: STAFF, schema: { tags, body: ContactCreate, response: { 201: ContactOut } } },
    async (request, reply) => {
      const contact = await runChange(app, request, (ctx) => createContact(ctx, request.body));
      return reply.status(201).send(contact);
    },
  );

  app.patch(
    '/api/staff/contacts/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: ContactUpdate, ...withDryRun.ok(ContactOut) },
    },
    async (request) => {
      const { id } = request.params;
      const save = (ctx: ChangeContext) => updateContact(ctx, id, request.body);
      // Agents may edit contacts, so they may dry-run these saves too (the same policy as the save).
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, (trx) => contactUpdateChange(trx, id, request.body));
      return runChange(app, request, save);
    },
  );

  app.delete(
    '/api/staff/contacts/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteContact(ctx, request.params.id));
      return reply.status(204).send();
    },
  );

  await app.register(contactAccountRoutes);
};

export default contactsRoutes;
