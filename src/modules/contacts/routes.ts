import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { STAFF } from '../../http/route-policy.ts';
import { configRoutes } from '../access/config-routes.ts';
import { contactUpdateChange } from './access-change.ts';
import contactAccountRoutes from './account.ts';
import { findContact, listContacts, toContactOut } from './repo.ts';
import { ContactCreate, ContactListQuery, ContactOut, ContactUpdate } from './schema.ts';
import { createContact, deleteContact, updateContact } from './service.ts';

const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  configRoutes(app, {
    path: '/api/staff/contacts',
    tags: ['contacts'],
    policy: STAFF,
    noun: 'Contact',
    out: ContactOut,
    list: {
      query: ContactListQuery,
      read: (db, { q, organizationId, privilegeGroupId, disabled, ...page }) => {
        const isDisabled = disabled === undefined ? undefined : disabled === 'true';
        return listContacts(db, { q, organizationId, privilegeGroupId, disabled: isDisabled }, page);
      },
    },
    get: async (db, id) => {
      const row = await findContact(db, id);
      return row && toContactOut(row);
    },
    create: { body: ContactCreate, write: createContact },
    // Agents may edit contacts, so they may dry-run these saves too (the same policy as the save).
    update: {
      body: ContactUpdate,
      write: updateContact,
      dryRun: (id, body) => (trx) => contactUpdateChange(trx, id, body),
    },
    remove: { write: deleteContact, stepUp: true },
  });

  await app.register(contactAccountRoutes);
};

export default contactsRoutes;
