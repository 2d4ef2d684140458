import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageQuery } from '../../http/pagination.ts';
import { portalRoute } from '../../http/route-policy.ts';
import { collectionRoutes } from '../portal-shared/routes.ts';
import { findPortalAsset, listPortalAssets } from './assets-repo.ts';
import {
  findPortalCharge,
  findPortalContractWithCharges,
  listPortalCharges,
  listPortalContracts,
} from './contracts-repo.ts';
import { findPortalPayment, listPortalPayments } from './invoices-repo.ts';
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
const ASSETS = portalRoute('assets', 'assets.view');
const CONTRACTS = portalRoute('contracts', 'contracts.view');
const CHARGES = portalRoute('charges', 'charges.view');
const PAYMENTS = portalRoute('payments', 'payments.view');

/** Assets, contracts, charges and payments: read-only, each read AND-ed with its src/authz condition. */
const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  collectionRoutes(app, {
    url: '/api/portal/assets',
    config: ASSETS,
    tags,
    list: {
      description:
        'Assets linked to the contact, and with a wider record scope those of its organization (tree); ' +
        'newest first. `configNotes` only with assets.config_notes.view.',
      querystring: PortalAssetListQuery,
      item: PortalAsset,
      list: (db, actor, { q, ...page }) => listPortalAssets(db, actor, q, page),
    },
    read: { item: PortalAsset, entity: 'Asset', find: findPortalAsset },
  });

  collectionRoutes(app, {
    url: '/api/portal/contracts',
    config: CONTRACTS,
    tags,
    list: {
      description: 'Contracts of the organizations in the contact’s record scope, newest first.',
      querystring: PageQuery,
      item: PortalContract,
      list: listPortalContracts,
    },
    read: {
      description: 'The contract with its terms; with charges.view (and module charges) its newest charges.',
      item: PortalContractDetail,
      entity: 'Contract',
      find: findPortalContractWithCharges,
    },
  });

  collectionRoutes(app, {
    url: '/api/portal/charges',
    config: CHARGES,
    tags,
    list: {
      description:
        'Charges on tickets and contracts the contact may see, newest first. A `ticketId` or ' +
        '`contractId` the contact may not see lists nothing.',
      querystring: PortalChargeListQuery,
      item: PortalCharge,
      list: (db, actor, { ticketId, contractId, ...page }) =>
        listPortalCharges(db, actor, { ticketId, contractId }, page),
    },
    read: { item: PortalCharge, entity: 'Charge', find: findPortalCharge },
  });

  collectionRoutes(app, {
    url: '/api/portal/payments',
    config: PAYMENTS,
    tags,
    list: {
      description: 'Payments of the organizations in the contact’s record scope, newest first.',
      querystring: PageQuery,
      item: PortalPayment,
      list: listPortalPayments,
    },
    read: { item: PortalPayment, entity: 'Payment', find: findPortalPayment },
  });
};

export default recordRoutes;
