// The staff API of one kind of permission configuration (contacts, organizations, user groups,
// privilege groups, access grants): list, get, create, update and delete under one policy, each
// route thin and alike. A write that changes what contacts see may take ?dryRun, answering the
// preview of the very save (see ./preview/dry-run.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { pageOf, type Page } from '../../http/pagination.ts';
import type { ADMIN, STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import type { App } from '../shared/record-routes.ts';
import {
  dryRunSave,
  isDryRun,
  withDryRun,
  type DryRunQuery,
  type ProposedChange,
} from './preview/dry-run.ts';

export type ConfigApi<
  Out extends z.ZodType,
  Query extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
> = {
  /** The collection's path, e.g. '/api/staff/contacts'; one record is at `${path}/:id`. */
  path: string;
  tags: string[];
  /** Who may call every route of the resource. */
  policy: typeof STAFF | typeof ADMIN;
  /** The record's name in a 404 ("Contact not found"). */
  noun: string;
  out: Out;
  list: { query: Query; read: (db: Db, query: z.output<Query>) => Promise<Page<unknown>> };
  get: (db: Db, id: string) => Promise<z.output<Out> | undefined>;
  /** `dryRun`: the change the save stands for, when the save takes ?dryRun. */
  create: {
    body: Create;
    write: (ctx: ChangeContext, body: z.output<Create>) => Promise<z.output<Out>>;
    dryRun?: (body: z.output<Create>) => ProposedChange;
  };
  update: {
    body: Update;
    write: (ctx: ChangeContext, id: string, body: z.output<Update>) => Promise<z.output<Out>>;
    dryRun?: (id: string, body: z.output<Update>) => ProposedChange;
  };
  remove: {
    write: (ctx: ChangeContext, id: string) => Promise<void>;
    /** A sensitive removal (erasing a contact): re-authentication within 5 minutes. */
    stepUp?: boolean;
    dryRun?: (id: string) => ProposedChange;
  };
};

/** Registers the resource's routes in the order list, get, create, update, delete. */
export function configRoutes<
  Out extends z.ZodType,
  Query extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(app: App, api: ConfigApi<Out, Query, Create, Update>): void {
  const { path, tags, policy: config, list, get, create, update, remove } = api;
  // Widened to ZodType: the route answers the record's type, checked where the spec is written.
  const out: z.ZodType = api.out;
  const one = `${path}/:id`;
  const dryRunOf = (query: unknown) => isDryRun((query ?? {}) as DryRunQuery);

  app.get(
    path,
    { config, schema: { tags, querystring: list.query, response: { 200: pageOf(out) } } },
    async (request) => list.read(app.db, request.query as z.output<Query>),
  );

  app.get(one, { config, schema: { tags, params: IdParams, response: { 200: out } } }, async (request) => {
    const row = await get(app.db, request.params.id);
    if (row === undefined) throw notFound(api.noun);
    return row;
  });

  const { dryRun: createChange } = create;
  app.post(
    path,
    {
      config,
      schema: createChange
        ? { tags, body: create.body, ...withDryRun.created(out) }
        : { tags, body: create.body, response: { 201: out } },
    },
    async (request, reply) => {
      const body = request.body as z.output<Create>;
      const save = (ctx: ChangeContext) => create.write(ctx, body);
      if (createChange && dryRunOf(request.query)) return dryRunSave(app, request, save, createChange(body));
      return reply.status(201).send(await runChange(app, request, save));
    },
  );

  const { dryRun: updateChange } = update;
  app.patch(
    one,
    {
      config,
      schema: updateChange
        ? { tags, params: IdParams, body: update.body, ...withDryRun.ok(out) }
        : { tags, params: IdParams, body: update.body, response: { 200: out } },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body as z.output<Update>;
      const save = (ctx: ChangeContext) => update.write(ctx, id, body);
      if (updateChange && dryRunOf(request.query))
        return dryRunSave(app, request, save, updateChange(id, body));
      return runChange(app, request, save);
    },
  );

  const { dryRun: removeChange } = remove;
  app.delete(
    one,
    {
      config: remove.stepUp ? { policy: { ...config.policy, stepUp: true } } : config,
      schema: removeChange ? { tags, params: IdParams, ...withDryRun.noContent } : { tags, params: IdParams },
    },
    async (request, reply) => {
      const { id } = request.params;
      const save = (ctx: ChangeContext) => remove.write(ctx, id);
      if (removeChange) return noContentSave(app, request, reply, save, () => removeChange(id));
      await runChange(app, request, save);
      return reply.status(204).send();
    },
  );
}

/** A save answering 204 that takes ?dryRun (its 204 declared as null): the preview, or the save. */
export async function noContentSave(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  save: (ctx: ChangeContext) => Promise<unknown>,
  change: () => ProposedChange,
) {
  if (isDryRun(request.query as DryRunQuery)) return dryRunSave(app, request, save, change());
  await runChange(app, request, save);
  return reply.status(204).send(null);
}
