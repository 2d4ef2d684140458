import type { z } from 'zod';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import type { App } from '../shared/record-routes.ts';
import { PublicFlag } from './records-schema.ts';

// The changes that are alike for what is filed under a ticket (comments, attachments, e-mails).

const tags = ['tickets'];

/** POST /api/staff/tickets/:id/<name>: files a new one under the ticket; 201 with it. */
export function filedCreateRoute<Body extends z.ZodType>(
  app: App,
  name: string,
  body: Body,
  item: z.ZodType,
  add: (ctx: ChangeContext, ticketId: string, body: z.output<Body>) => Promise<unknown>,
): void {
  app.post(
    `/api/staff/tickets/:id/${name}`,
    { config: STAFF, schema: { tags, params: IdParams, body, response: { 201: item } } },
    async (request, reply) => {
      const fields = request.body as z.output<Body>;
      const created = await runChange(app, request, (ctx) => add(ctx, request.params.id, fields));
      return reply.status(201).send(created);
    },
  );
}

/** PATCH <path>/:id with `public`: whether contacts see it; 200 with it after the change. */
export function publicFlagRoute(
  app: App,
  path: string,
  item: z.ZodType,
  set: (ctx: ChangeContext, id: string, visible: boolean) => Promise<unknown>,
): void {
  app.patch(
    `${path}/:id`,
    { config: STAFF, schema: { tags, params: IdParams, body: PublicFlag, response: { 200: item } } },
    async (request) => runChange(app, request, (ctx) => set(ctx, request.params.id, request.body.public)),
  );
}
