import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { STAFF } from '../../http/route-policy.ts';
import { audit, runChange, type ChangeContext } from '../audit/change.ts';

/**
 * Which contact activity a staff user is mailed about, until teams and assignees decide it
 * (permission model §6b, §9): none, tickets it wrote on, or all tickets.
 */
export const StaffNotifications = z.strictObject({
  scope: z
    .enum(['none', 'commented', 'all'])
    .describe('none; commented: tickets I wrote on; all: every ticket'),
});
type StaffNotifications = z.infer<typeof StaffNotifications>;

async function read(db: Db, staffId: string): Promise<StaffNotifications> {
  const row = await db
    .selectFrom('staff_notification_preferences')
    .select('scope')
    .where('staff_user_id', '=', staffId)
    .executeTakeFirst();
  return row ?? { scope: 'none' };
}

async function write(ctx: ChangeContext, body: StaffNotifications): Promise<StaffNotifications> {
  const before = await read(ctx.trx, ctx.staff.id);
  const now = new Date();
  await ctx.trx
    .insertInto('staff_notification_preferences')
    .values({ staff_user_id: ctx.staff.id, scope: body.scope, updated_at: now })
    .onConflict((oc) => oc.column('staff_user_id').doUpdateSet({ scope: body.scope, updated_at: now }))
    .execute();
  await audit(ctx, {
    action: 'update',
    entityType: 'notification_preferences',
    entityId: ctx.staff.id,
    before,
    after: body,
  });
  return body;
}

/** GET/PUT /api/staff/me/notifications: the signed-in staff user's own preference. */
const staffNotificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const url = '/api/staff/me/notifications';
  const schema = { tags: ['session'], response: { 200: StaffNotifications } };
  app.get(url, { config: STAFF, schema }, async (request) => read(app.db, requireStaff(request).id));
  app.put(url, { config: STAFF, schema: { ...schema, body: StaffNotifications } }, async (request) =>
    runChange(app, request, (ctx) => write(ctx, request.body)),
  );
};

export default staffNotificationRoutes;
