import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { can, type ContactActor } from '../../authz/actor.ts';
import type { Privilege } from '../../authz/privileges.ts';
import type { Db } from '../../db/database.ts';
import { forbidden, notFound } from '../../errors.ts';
import { requireContact } from '../../http/authenticate.ts';
import { PageQuery, pageOf, type Page } from '../../http/pagination.ts';
import type { RoutePolicy } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { sendFile } from '../files/store.ts';
import { findVisibleTicket } from './ticket-children.ts';

/**
 * The read routes of the portal, declared alike: a list (one keyset page), a read by id (404 when
 * the contact may not see it) and an inert download. Each takes a repo function that ANDs its
 * src/authz condition into the SQL; the handler only fetches the actor and answers.
 */

type PortalApp = Parameters<FastifyPluginAsyncZod>[0];

/** What every portal route declares: its path, policy, OpenAPI tags and maybe a description. */
type RouteBase = { url: string; config: { policy: RoutePolicy }; tags: string[]; description?: string };

/** A privilege checked after the record was found: a record the contact may not see stays 404. */
type Requirement = { privilege: Privilege; message?: string };

/** The route's options: its policy, and its schema after the tags and the description. */
const optionsOf = <Schema extends object>(route: RouteBase, schema: Schema) => ({
  config: route.config,
  schema: {
    tags: route.tags,
    ...(route.description !== undefined ? { description: route.description } : {}),
    ...schema,
  },
});

function assertMay(actor: ContactActor, requires: Requirement | undefined): void {
  if (requires && !can(actor, requires.privilege)) throw forbidden(requires.message);
}

export function listRoute<Query extends z.ZodType, Item extends z.ZodType>(
  app: PortalApp,
  route: RouteBase & {
    querystring: Query;
    item: Item;
    list: (db: Db, actor: ContactActor, query: z.output<Query>) => Promise<Page<z.output<Item>>>;
  },
): void {
  app.get(
    route.url,
    optionsOf(route, { querystring: route.querystring, response: { 200: pageOf(route.item) } }),
    async (request) => route.list(app.db, requireContact(request), request.query as z.output<Query>),
  );
}

export function readRoute<Item extends z.ZodType>(
  app: PortalApp,
  route: RouteBase & {
    item: Item;
    /** Names the record in the 404. */
    entity: string;
    find: (db: Db, actor: ContactActor, id: string) => Promise<z.output<Item> | undefined>;
  },
): void {
  app.get(
    route.url,
    // The item widened: a generic item's output cannot be matched to the handler's answer (the
    // schema still checks the answer at run time).
    optionsOf(route, { params: IdParams, response: { 200: route.item as z.ZodType } }),
    async (request) => {
      const found = await route.find(app.db, requireContact(request), request.params.id);
      if (!found) throw notFound(route.entity);
      return found;
    },
  );
}

/** A collection and its records: the list at `url`, each record at `${url}/:id`, one policy and tags. */
export function collectionRoutes<Query extends z.ZodType, Item extends z.ZodType, Detail extends z.ZodType>(
  app: PortalApp,
  route: Omit<RouteBase, 'description'> & {
    list: Omit<Parameters<typeof listRoute<Query, Item>>[1], keyof RouteBase> & { description?: string };
    read: Omit<Parameters<typeof readRoute<Detail>>[1], keyof RouteBase> & { description?: string };
  },
): void {
  const { url, config, tags } = route;
  listRoute(app, { url, config, tags, ...route.list });
  readRoute(app, { url: `${url}/:id`, config, tags, ...route.read });
}

/** An inert download (sendFile) of a stored file the contact may see, else 404. */
export function downloadRoute<Params extends z.ZodType = typeof IdParams>(
  app: PortalApp,
  route: RouteBase & {
    params?: Params;
    entity: string;
    /** The file's id, when the contact may see the record it belongs to. */
    fileOf: (db: Db, actor: ContactActor, params: z.output<Params>) => Promise<string | undefined>;
    requires?: Requirement;
  },
): void {
  app.get(
    route.url,
    optionsOf(route, { params: route.params ?? IdParams, produces: ['application/octet-stream'] }),
    async (request, reply) => {
      const actor = requireContact(request);
      const fileId = await route.fileOf(app.db, actor, request.params as z.output<Params>);
      if (!fileId) throw notFound(route.entity);
      assertMay(actor, route.requires);
      return sendFile(app.db, reply, fileId);
    },
  );
}

/**
 * A list under a ticket (`/api/portal/tickets/:id/…`): 404 when the ticket is not visible, then
 * 403 without the `requires` privilege (permission-model §7), then one page of the records.
 */
export function ticketListRoute<Item extends z.ZodType>(
  app: PortalApp,
  route: RouteBase & {
    item: Item;
    requires?: Requirement;
    list: (db: Db, actor: ContactActor, ticketId: string, page: PageQuery) => Promise<Page<z.output<Item>>>;
  },
): void {
  app.get(
    route.url,
    optionsOf(route, { params: IdParams, querystring: PageQuery, response: { 200: pageOf(route.item) } }),
    async (request) => {
      const actor = requireContact(request);
      await assertVisibleTicket(app.db, actor, request.params.id, route.requires);
      return route.list(app.db, actor, request.params.id, request.query);
    },
  );
}

/** 404 when the contact may not see the ticket, then 403 without the required privilege. */
async function assertVisibleTicket(db: Db, actor: ContactActor, ticketId: string, requires?: Requirement) {
  if (!(await findVisibleTicket(db, actor, ticketId))) throw notFound('Ticket');
  assertMay(actor, requires);
}
