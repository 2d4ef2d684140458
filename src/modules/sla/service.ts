import { sql } from 'kysely';
import { conflict, invalid } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { findCalendar, findPolicy } from './repo.ts';
import type {
  CalendarCreate,
  CalendarOut,
  CalendarUpdate,
  PolicyCreate,
  PolicyOut,
  PolicyUpdate,
} from './schema.ts';

// Admin writes of SLA calendars and policies, audited. Tickets keep the due times they were given;
// a ticket's next creation-like change (priority, organization) recomputes them under the new rules.

const calendarLog = auditOf('sla_calendar');
const policyLog = auditOf('sla_policy');

async function nameTaken(
  ctx: ChangeContext,
  table: 'sla_calendars' | 'sla_policies',
  name: string,
  exceptId?: string,
) {
  let query = ctx.trx
    .selectFrom(table)
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createCalendar(ctx: ChangeContext, body: CalendarCreate): Promise<CalendarOut> {
  if (await nameTaken(ctx, 'sla_calendars', body.name))
    throw conflict('A calendar with this name already exists.');
  const { id } = await ctx.trx
    .insertInto('sla_calendars')
    .values({
      name: body.name,
      time_zone: body.timeZone,
      hours: JSON.stringify(body.hours),
      holidays: JSON.stringify([...new Set(body.holidays ?? [])].sort()),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = found(await findCalendar(ctx.trx, id), 'Calendar');
  await calendarLog.created(ctx, created);
  return created;
}

export async function updateCalendar(
  ctx: ChangeContext,
  id: string,
  body: CalendarUpdate,
): Promise<CalendarOut> {
  const before = found(await findCalendar(ctx.trx, id), 'Calendar');
  if (body.name !== undefined && (await nameTaken(ctx, 'sla_calendars', body.name, id)))
    throw conflict('A calendar with this name already exists.');
  await ctx.trx
    .updateTable('sla_calendars')
    .set({
      name: body.name,
      time_zone: body.timeZone,
      hours: body.hours && JSON.stringify(body.hours),
      holidays: body.holidays && JSON.stringify([...new Set(body.holidays)].sort()),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  const after = found(await findCalendar(ctx.trx, id), 'Calendar');
  await calendarLog.updated(ctx, id, before, after);
  return after;
}

/** A calendar a policy uses stays: 409 naming the reason. */
export async function deleteCalendar(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findCalendar(ctx.trx, id), 'Calendar');
  const used = await ctx.trx
    .selectFrom('sla_policies')
    .select('id')
    .where('calendar_id', '=', id)
    .executeTakeFirst();
  if (used) throw conflict('A policy uses this calendar: give the policy another calendar first.');
  await ctx.trx.deleteFrom('sla_calendars').where('id', '=', id).execute();
  await calendarLog.deleted(ctx, before);
}

async function checkCalendar(ctx: ChangeContext, calendarId: string): Promise<void> {
  const row = await ctx.trx
    .selectFrom('sla_calendars')
    .select('id')
    .where('id', '=', calendarId)
    .forShare()
    .executeTakeFirst();
  if (!row) throw invalid('body.calendarId', 'no such calendar');
}

/** The whole list of organizations; each must exist and have no other policy (422 naming the first). */
async function setOrganizations(
  ctx: ChangeContext,
  policyId: string,
  organizationIds: string[],
): Promise<void> {
  const ids = [...new Set(organizationIds)];
  if (ids.length > 0) {
    const rows = await ctx.trx
      .selectFrom('organizations as o')
      .leftJoin('sla_policy_organizations as spo', 'spo.organization_id', 'o.id')
      .leftJoin('sla_policies as p', 'p.id', 'spo.policy_id')
      .select(['o.id', 'spo.policy_id', 'p.name as policy_name'])
      .where('o.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [index, id] of organizationIds.entries()) {
      const row = byId.get(id);
      const path = `body.organizationIds.${index}`;
      if (!row) throw invalid(path, 'no such organization');
      if (row.policy_id && row.policy_id !== policyId)
        throw invalid(path, `the organization has another policy already (${row.policy_name ?? ''})`);
    }
  }
  await ctx.trx.deleteFrom('sla_policy_organizations').where('policy_id', '=', policyId).execute();
  if (ids.length > 0)
    await ctx.trx
      .insertInto('sla_policy_organizations')
      .values(ids.map((id) => ({ organization_id: id, policy_id: policyId })))
      .execute();
}

/** One default at a time: making a policy the default takes the flag from the previous one. */
async function clearDefault(ctx: ChangeContext, exceptId?: string): Promise<void> {
  let query = ctx.trx.updateTable('sla_policies').set({ is_default: false }).where('is_default', '=', true);
  if (exceptId) query = query.where('id', '<>', exceptId);
  await query.execute();
}

/** Serializes policy writes: names, the default and organizations are decided under it. */
const lockPolicies = (ctx: ChangeContext) => sql`select pg_advisory_xact_lock(7276414)`.execute(ctx.trx);

export async function createPolicy(ctx: ChangeContext, body: PolicyCreate): Promise<PolicyOut> {
  await lockPolicies(ctx);
  if (await nameTaken(ctx, 'sla_policies', body.name))
    throw conflict('A policy with this name already exists.');
  await checkCalendar(ctx, body.calendarId);
  if (body.isDefault) await clearDefault(ctx);
  const { id } = await ctx.trx
    .insertInto('sla_policies')
    .values({
      name: body.name,
      calendar_id: body.calendarId,
      targets: JSON.stringify(body.targets),
      is_default: body.isDefault ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setOrganizations(ctx, id, body.organizationIds ?? []);
  const created = found(await findPolicy(ctx.trx, id), 'Policy');
  await policyLog.created(ctx, created);
  return created;
}

export async function updatePolicy(ctx: ChangeContext, id: string, body: PolicyUpdate): Promise<PolicyOut> {
  await lockPolicies(ctx);
  const before = found(await findPolicy(ctx.trx, id), 'Policy');
  if (body.name !== undefined && (await nameTaken(ctx, 'sla_policies', body.name, id)))
    throw conflict('A policy with this name already exists.');
  if (body.calendarId !== undefined) await checkCalendar(ctx, body.calendarId);
  if (body.isDefault) await clearDefault(ctx, id);
  await ctx.trx
    .updateTable('sla_policies')
    .set({
      name: body.name,
      calendar_id: body.calendarId,
      targets: body.targets && JSON.stringify(body.targets),
      is_default: body.isDefault,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  if (body.organizationIds !== undefined) await setOrganizations(ctx, id, body.organizationIds);
  const after = found(await findPolicy(ctx.trx, id), 'Policy');
  await policyLog.updated(ctx, id, before, after);
  return after;
}

export async function deletePolicy(ctx: ChangeContext, id: string): Promise<void> {
  await lockPolicies(ctx);
  const before = found(await findPolicy(ctx.trx, id), 'Policy');
  await ctx.trx.deleteFrom('sla_policies').where('id', '=', id).execute();
  await policyLog.deleted(ctx, before);
}
