// The staff API of one kind of record: list, get, create, update and delete, each route thin and
// alike. Reads go to the module's repo; writes go to its service, through the one change runner
// (transaction as the request's staff user, audit row in it).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { pageOf, type Page } from '../../http/pagination.ts';
import { ADMIN, STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { requireStaff } from '../../http/authenticate.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';

export type App = Parameters<FastifyPluginAsyncZod>[0];

/** Action routes take no fields (and may come without a body: Fastify passes null). */
export const NoFields = z.strictObject({}).nullish();

export type RecordApi<
  Out extends z.ZodType,
  Query extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
> = {
  /** The collection's path, e.g. '/api/staff/assets'; one record is at `${path}/:id`. */
  path: string;
  tags: string[];
  /** The record's name in a 404 ("Asset not found"). */
  noun: string;
  out: Out;
  /** `staff`: the request's staff user, for reads scoped to it (tickets: staffVisibleTickets). */
  list?: {
    query: Query;
    item?: z.ZodType;
    read: (db: Db, query: z.output<Query>, staff: StaffActor) => Promise<Page<unknown>>;
  };
  get?: (db: Db, id: string, staff: StaffActor) => Promise<z.output<Out> | undefined>;
  create?: { body: Create; write: (ctx: ChangeContext, body: z.output<Create>) => Promise<z.output<Out>> };
  update?: {
    adminOnly?: boolean;
    body: Update;
    write: (ctx: ChangeContext, id: string, body: z.output<Update>) => Promise<z.output<Out>>;
  };
  remove?: { adminOnly?: boolean; write: (ctx: ChangeContext, id: string) => Promise<void> };
};

/** Registers the routes the spec names, in the order list, get, create, update, delete. */
export function recordRoutes<
  Out extends z.ZodType,
  Query extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(app: App, api: RecordApi<Out, Query, Create, Update>): void {
  const { path, tags } = api;
  // Widened to ZodType: the route answers the record's type, checked where the spec is written.
  const out: z.ZodType = api.out;
  const one = `${path}/:id`;
  const { list, get, create, update, remove } = api;
  if (list)
    app.get(
      path,
      {
        config: STAFF,
        schema: { tags, querystring: list.query, response: { 200: pageOf(list.item ?? out) } },
      },
      async (request) => list.read(app.db, request.query as z.output<Query>, requireStaff(request)),
    );
  if (get)
    app.get(
      one,
      { config: STAFF, schema: { tags, params: IdParams, response: { 200: out } } },
      async (request) => found(await get(app.db, request.params.id, requireStaff(request)), api.noun),
    );
  if (create)
    app.post(
      path,
      { config: STAFF, schema: { tags, body: create.body, response: { 201: out } } },
      async (request, reply) => {
        const body = request.body as z.output<Create>;
        const created = await runChange(app, request, (ctx) => create.write(ctx, body));
        return reply.status(201).send(created);
      },
    );
  if (update)
    app.patch(
      one,
      {
        config: update.adminOnly ? ADMIN : STAFF,
        schema: { tags, params: IdParams, body: update.body, response: { 200: out } },
      },
      async (request) => {
        const body = request.body as z.output<Update>;
        return runChange(app, request, (ctx) => update.write(ctx, request.params.id, body));
      },
    );
  if (remove)
    app.delete(
      one,
      { config: remove.adminOnly ? ADMIN : STAFF, schema: { tags, params: IdParams } },
      async (request, reply) => {
        await runChange(app, request, (ctx) => remove.write(ctx, request.params.id));
        return reply.status(204).send();
      },
    );
}

/**
 * A write on one record with no input (send, issue, void…): POST `${path}/:id/${name}`, an empty
 * body, the record after the change in reply.
 */
export function recordAction(
  app: App,
  spec: {
    path: string;
    name: string;
    tags: string[];
    out: z.ZodType;
    status?: 200 | 201;
    write: (ctx: ChangeContext, id: string) => Promise<unknown>;
  },
): void {
  const status = spec.status ?? 200;
  app.post(
    `${spec.path}/:id/${spec.name}`,
    {
      config: STAFF,
      schema: { tags: spec.tags, params: IdParams, body: NoFields, response: { [status]: spec.out } },
    },
    async (request, reply) => {
      const after = await runChange(app, request, (ctx) => spec.write(ctx, request.params.id));
      return reply.status(status).send(after);
    },
  );
}

/** A record that must exist: the row, or 404 `<noun> not found`. */
export function found<T>(row: T | undefined, noun: string): T {
  if (row === undefined) throw notFound(noun);
  return row;
}
