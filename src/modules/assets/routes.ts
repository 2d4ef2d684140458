import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { findAsset, listAssets, toAssetOut } from './repo.ts';
import { AssetCreate, AssetListQuery, AssetOut, AssetUpdate } from './schema.ts';
import { createAsset, deleteAsset, updateAsset } from './service.ts';

const assetsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/assets',
    tags: ['assets'],
    noun: 'Asset',
    out: AssetOut,
    list: {
      query: AssetListQuery,
      read: (db, { organizationId, contactId, q, ...page }) =>
        listAssets(db, { organizationId, contactId, q }, page),
    },
    get: async (db, id) => {
      const row = await findAsset(db, id);
      return row && toAssetOut(row);
    },
    create: { body: AssetCreate, write: createAsset },
    update: { body: AssetUpdate, write: updateAsset },
    remove: { write: deleteAsset },
  });
};

export default assetsRoutes;
