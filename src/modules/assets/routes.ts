import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { assetRecord, listAssets } from './repo.ts';
import { AssetCreate, AssetListQuery, AssetOut, AssetUpdate } from './schema.ts';
import { createAsset, deleteAsset, updateAsset } from './service.ts';

const assetsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/assets',
    tags: ['assets'],
    noun: assetRecord.noun,
    out: AssetOut,
    list: { query: AssetListQuery, read: listAssets },
    get: (db, id) => readRecord(assetRecord, db, id),
    create: { body: AssetCreate, write: createAsset },
    update: { body: AssetUpdate, write: updateAsset },
    remove: { write: deleteAsset },
  });
};

export default assetsRoutes;
