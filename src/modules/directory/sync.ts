import type { FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Db } from '../../db/database.ts';
import { loadDirectorySettings } from '../../auth/directory-settings.ts';
import { rolledBack } from '../audit/change.ts';
import { contactsPlan } from '../access/preview/plan-relation.ts';
import { measureSave } from '../access/preview/preview.ts';
import { toPreviewOut } from '../access/preview/preview-out.ts';
import { applySyncPlan, type SyncActor } from './apply.ts';
import { changesOf, type SyncPlan, planSync } from './plan.ts';
import { readDirectory } from './read.ts';

/**
 * A sync: one read of the directory (outside any transaction: it may take a while), then one
 * transaction that locks the settings row (two syncs, on several instances, run one after the
 * other, the second planning against what the first wrote), plans against the stored state and
 * writes the plan. A preview does the same and rolls the writes back, measured in between.
 */

/** The settings row, locked until the transaction ends. */
const lockSettings = (trx: Transaction<DB>) =>
  trx.selectFrom('directory_settings').selectAll().forUpdate().executeTakeFirstOrThrow();

async function recordOutcome(db: Db, error: string | null) {
  await db
    .updateTable('directory_settings')
    .set({ last_sync_at: sql<Date>`now()`, last_sync_error: error })
    .execute();
}

export async function syncDirectory(db: Db, who: SyncActor) {
  const settings = await loadDirectorySettings(db);
  let snapshot;
  try {
    snapshot = await readDirectory(settings);
  } catch (error) {
    await recordOutcome(db, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const plan = await db.transaction().execute(async (trx) => {
    const locked = await lockSettings(trx);
    const planned = await planSync(trx, locked, snapshot);
    await applySyncPlan(trx, who, planned);
    await trx
      .updateTable('directory_settings')
      .set({ last_sync_at: sql<Date>`now()`, last_sync_error: null })
      .execute();
    return planned;
  });
  return { changes: changesOf(plan) };
}

/** What the plan can change in what contacts see: the contacts it writes and the groups it changes. */
function accessPlanOf(plan: SyncPlan) {
  const created = plan.create.map((c) => c.contactId);
  const stored = [
    ...plan.update.map((u) => u.contactId),
    ...plan.disable.map((d) => d.contactId),
    ...plan.enable.map((e) => e.contactId),
    ...plan.addMembers.map((m) => m.contactId),
    ...plan.removeMembers.map((m) => m.contactId),
  ].filter((id) => !created.includes(id));
  const unique = [...new Set(stored)];
  return contactsPlan({
    ids: [...created, ...unique],
    stored: unique,
    organizations: [
      ...plan.create.map((c) => c.columns.organization_id),
      ...plan.update.flatMap((u) => (u.after.organization_id ? [u.after.organization_id] : [])),
    ],
    groups: [
      ...new Set([
        ...plan.createGroups.map((g) => g.userGroupId),
        ...[...plan.addMembers, ...plan.removeMembers].map((m) => m.userGroupId),
      ]),
    ],
  });
}

/** What a sync would change now, and who would gain and lose which tickets and records; nothing is kept. */
export async function previewDirectorySync(db: Db, who: SyncActor) {
  const snapshot = await readDirectory(await loadDirectorySettings(db));
  return db.transaction().execute(async (trx) => {
    const locked = await lockSettings(trx);
    const plan = await planSync(trx, locked, snapshot);
    const access = await rolledBack(trx, () =>
      measureSave(
        trx,
        async () => accessPlanOf(plan),
        () => applySyncPlan(trx, who, plan),
      ),
    );
    return { changes: changesOf(plan), access: toPreviewOut(access) };
  });
}

/**
 * The schedule, on every instance from ready to close: each tick, a directory that is on and
 * whose last sync is older than its interval is synced. A failure is logged and kept on the
 * settings (lastSyncError); the next tick tries again.
 */
export function startDirectorySchedule(app: FastifyInstance, tickMs: number): void {
  if (tickMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const due = async () => {
    const s = await loadDirectorySettings(app.db);
    if (!s.enabled) return false;
    return !s.last_sync_at || Date.now() - s.last_sync_at.getTime() >= s.sync_minutes * 60_000;
  };
  const tick = () => {
    if (running) return;
    running = due()
      .then(async (yes) => {
        if (!yes) return;
        const { changes } = await syncDirectory(app.db, { kind: 'system', label: 'directory sync' });
        app.log.info(
          { created: changes.contactsCreated.length, disabled: changes.contactsDisabled.length },
          'directory synced',
        );
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'directory sync failed'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, tickMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
