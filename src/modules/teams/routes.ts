import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN, STAFF } from '../../http/route-policy.ts';
import { runChange } from '../audit/change.ts';
import { recordRoutes } from '../shared/record-routes.ts';
import { findTeam, listTeams } from './repo.ts';
import { deskDefaultTeam, setDeskDefaultTeam } from './desk-settings.ts';
import {
  DeskSettingsOut,
  DeskSettingsUpdate,
  TeamCreate,
  TeamListQuery,
  TeamOut,
  TeamUpdate,
} from './schema.ts';
import { createTeam, deleteTeam, updateTeam } from './service.ts';

const path = '/api/staff/teams';
const tags = ['teams'];

/** Staff teams (permission model §6b): admins manage them; an agent reads the teams it belongs to. */
const teamsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: 'Team',
    out: TeamOut,
    list: { query: TeamListQuery, read: (db, { q, ...page }, staff) => listTeams(db, staff, { q }, page) },
    get: (db, id, staff) => findTeam(db, staff, id),
    update: { adminOnly: true, body: TeamUpdate, write: updateTeam },
    remove: { adminOnly: true, write: deleteTeam },
  });
  app.post(
    path,
    { config: ADMIN, schema: { tags, body: TeamCreate, response: { 201: TeamOut } } },
    async (request, reply) => {
      const created = await runChange(app, request, (ctx) => createTeam(ctx, request.body));
      return reply.status(201).send(created);
    },
  );

  // The desk's settings: the default team of tickets contacts open, and the SLA warning window.
  const settings = '/api/staff/desk-settings';
  const slaWarningMinutes = app.config.slaWarningMinutes;
  app.get(settings, { config: STAFF, schema: { tags, response: { 200: DeskSettingsOut } } }, async () => ({
    defaultTeam: await deskDefaultTeam(app.db),
    slaWarningMinutes,
  }));
  app.put(
    settings,
    { config: ADMIN, schema: { tags, body: DeskSettingsUpdate, response: { 200: DeskSettingsOut } } },
    async (request) => ({
      defaultTeam: await runChange(app, request, (ctx) =>
        setDeskDefaultTeam(ctx, request.body.defaultTeamId),
      ),
      slaWarningMinutes,
    }),
  );
};

export default teamsRoutes;
