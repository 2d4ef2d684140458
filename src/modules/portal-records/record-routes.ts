import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { findPortalAsset, listPortalAssets } from './assets-repo.ts';
import {
  findPortalCharge,
  findPortalContract,
  listPortalCharges,
  listPortalContracts,
} from './contracts-repo.ts';
import { findPortalPayment, listPortalPayments } from './invoices-repo.ts';
import { portalRoute as portal } from '../../http/route-policy.ts';
import {
  PortalAsset,
  PortalAssetListQuery,
  PortalCharge,
  PortalChargeListQuery,
  PortalContract,
  PortalContractDetail,
  PortalPayment,
} from './schema.ts';

const tags = ['portal records'];

/** The charges embedded in a contract: the first page of GET /api/portal/charges?contractId=…. */
const EMBEDDED_CHARGES = 100;

/** Assets, contracts, charges and payments: read-only, each read AND-ed with its src/authz condition. */
const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/assets',
    {
      config: portal('assets', 'assets.view'),
      schema: {
        tags,
        description:
          'Assets linked to the contact, and with a wider record scope those of its organization (tree); ' +
          'newest first. `configNotes` only with assets.config_notes.view.',
        querystring: PortalAssetListQuery,
        response: { 200: pageOf(PortalAsset) },
      },
    },
    async (request) => {
      const { q, ...page } = request.query;
      return listPortalAssets(app.db, requireContact(request), q, page);
    },
  );

  app.get(
    '/api/portal/assets/:id',
    {
      config: portal('assets', 'assets.view'),
      schema: { tags, params: IdParams, response: { 200: PortalAsset } },
    },
    async (request) => {
      const asset = await findPortalAsset(app.db, requireContact(request), request.params.id);
      if (!asset) throw notFound('Asset');
      return asset;
    },
  );

  app.get(
    '/api/portal/contracts',
    {
      config: portal('contracts', 'contracts.view'),
      schema: {
        tags,
        description: 'Contracts of the organizations in the contact’s record scope, newest first.',
        querystring: PageQuery,
        response: { 200: pageOf(PortalContract) },
      },
    },
    async (request) => listPortalContracts(app.db, requireContact(request), request.query),
  );

  app.get(
    '/api/portal/contracts/:id',
    {
      config: portal('contracts', 'contracts.view'),
      schema: {
        tags,
        description:
          'The contract with its terms; with charges.view (and module charges) its newest charges.',
        params: IdParams,
        response: { 200: PortalContractDetail },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      const contract = await findPortalContract(app.db, actor, request.params.id);
      if (!contract) throw notFound('Contract');
      if (!actor.modules.has('charges') || !actor.privileges.has('charges.view')) return contract;
      const charges = await listPortalCharges(
        app.db,
        actor,
        { contractId: contract.id },
        { limit: EMBEDDED_CHARGES },
      );
      return { ...contract, charges };
    },
  );

  app.get(
    '/api/portal/charges',
    {
      config: portal('charges', 'charges.view'),
      schema: {
        tags,
        description:
          'Charges on tickets and contracts the contact may see, newest first. A `ticketId` or ' +
          '`contractId` the contact may not see lists nothing.',
        querystring: PortalChargeListQuery,
        response: { 200: pageOf(PortalCharge) },
      },
    },
    async (request) => {
      const { ticketId, contractId, ...page } = request.query;
      return listPortalCharges(app.db, requireContact(request), { ticketId, contractId }, page);
    },
  );

  app.get(
    '/api/portal/charges/:id',
    {
      config: portal('charges', 'charges.view'),
      schema: { tags, params: IdParams, response: { 200: PortalCharge } },
    },
    async (request) => {
      const charge = await findPortalCharge(app.db, requireContact(request), request.params.id);
      if (!charge) throw notFound('Charge');
      return charge;
    },
  );

  app.get(
    '/api/portal/payments',
    {
      config: portal('payments', 'payments.view'),
      schema: {
        tags,
        description: 'Payments of the organizations in the contact’s record scope, newest first.',
        querystring: PageQuery,
        response: { 200: pageOf(PortalPayment) },
      },
    },
    async (request) => listPortalPayments(app.db, requireContact(request), request.query),
  );

  app.get(
    '/api/portal/payments/:id',
    {
      config: portal('payments', 'payments.view'),
      schema: { tags, params: IdParams, response: { 200: PortalPayment } },
    },
    async (request) => {
      const payment = await findPortalPayment(app.db, requireContact(request), request.params.id);
      if (!payment) throw notFound('Payment');
      return payment;
    },
  );
};

export default recordRoutes;
