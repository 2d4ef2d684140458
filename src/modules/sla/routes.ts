import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN } from '../../http/route-policy.ts';
import { runChange } from '../audit/change.ts';
import { recordRoutes } from '../shared/record-routes.ts';
import { findCalendar, findPolicy, listCalendars, listPolicies } from './repo.ts';
import {
  CalendarCreate,
  CalendarOut,
  CalendarUpdate,
  PolicyCreate,
  PolicyOut,
  PolicyUpdate,
  SlaListQuery,
} from './schema.ts';
import {
  createCalendar,
  createPolicy,
  deleteCalendar,
  deletePolicy,
  updateCalendar,
  updatePolicy,
} from './service.ts';

const tags = ['sla'];

/** SLA calendars and policies: every staff user reads them; administrators write them (audited). */
const slaRoutes: FastifyPluginAsyncZod = async (app) => {
  const calendars = '/api/staff/sla/calendars';
  recordRoutes(app, {
    path: calendars,
    tags,
    noun: 'Calendar',
    out: CalendarOut,
    list: { query: SlaListQuery, read: (db, { q, ...page }) => listCalendars(db, { q }, page) },
    get: (db, id) => findCalendar(db, id),
    update: { adminOnly: true, body: CalendarUpdate, write: updateCalendar },
    remove: { adminOnly: true, write: deleteCalendar },
  });
  app.post(
    calendars,
    { config: ADMIN, schema: { tags, body: CalendarCreate, response: { 201: CalendarOut } } },
    async (request, reply) =>
      reply.status(201).send(await runChange(app, request, (ctx) => createCalendar(ctx, request.body))),
  );

  const policies = '/api/staff/sla/policies';
  recordRoutes(app, {
    path: policies,
    tags,
    noun: 'Policy',
    out: PolicyOut,
    list: { query: SlaListQuery, read: (db, { q, ...page }) => listPolicies(db, { q }, page) },
    get: (db, id) => findPolicy(db, id),
    update: { adminOnly: true, body: PolicyUpdate, write: updatePolicy },
    remove: { adminOnly: true, write: deletePolicy },
  });
  app.post(
    policies,
    { config: ADMIN, schema: { tags, body: PolicyCreate, response: { 201: PolicyOut } } },
    async (request, reply) =>
      reply.status(201).send(await runChange(app, request, (ctx) => createPolicy(ctx, request.body))),
  );
};

export default slaRoutes;
