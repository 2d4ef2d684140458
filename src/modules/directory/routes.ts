import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { z } from 'zod';
import { loadDirectorySettings, type DirectorySettings } from '../../auth/directory-settings.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { ADMIN, ADMIN_STEP_UP } from '../../http/route-policy.ts';
import { conflict, invalid } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  DirectoryPreviewOut,
  DirectorySettingsBody,
  DirectorySettingsOut,
  DirectorySyncOut,
} from './schema.ts';
import { previewDirectorySync, startDirectorySchedule, syncDirectory } from './sync.ts';
import type { Db } from '../../db/database.ts';

/**
 * The directory (LDAP / Active Directory, docs/directory.md): its configuration, a preview of
 * what a sync would change, and a sync on demand. Administrators only; changing the
 * configuration asks for step-up, and the bind password is never answered.
 */

const tags = ['directory'];

function settingsOut(s: DirectorySettings): z.infer<typeof DirectorySettingsOut> {
  return {
    enabled: s.enabled,
    url: s.url,
    bindDn: s.bind_dn,
    bindPasswordSet: s.bind_password !== '',
    baseDn: s.base_dn,
    userFilter: s.user_filter,
    groupFilter: s.group_filter,
    emailAttribute: s.email_attribute,
    nameAttribute: s.name_attribute,
    disabledFilter: s.disabled_filter,
    attributeMap: s.attribute_map,
    groupMappings: s.group_map,
    privilegeMappings: s.privilege_map,
    organizationMappings: s.organization_map,
    defaultOrganizationId: s.default_organization_id,
    defaultPrivilegeGroupId: s.default_privilege_group_id,
    createGroups: s.create_groups,
    syncMinutes: s.sync_minutes,
    lastSyncAt: s.last_sync_at,
    lastSyncError: s.last_sync_error,
  };
}

/** 422 naming the first mapping (or default) whose record does not exist. */
async function checkReferences(db: Db, body: DirectorySettingsBody) {
  const lists = [
    ['groupMappings', 'user_groups', body.groupMappings.map((m) => m.id)],
    ['privilegeMappings', 'privilege_groups', body.privilegeMappings.map((m) => m.id)],
    ['organizationMappings', 'organizations', body.organizationMappings.map((m) => m.id)],
    [
      'defaultOrganizationId',
      'organizations',
      body.defaultOrganizationId ? [body.defaultOrganizationId] : [],
    ],
    [
      'defaultPrivilegeGroupId',
      'privilege_groups',
      body.defaultPrivilegeGroupId ? [body.defaultPrivilegeGroupId] : [],
    ],
  ] as const;
  for (const [path, table, ids] of lists) {
    if (ids.length === 0) continue;
    const found = new Set(
      (await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    const index = ids.findIndex((id) => !found.has(id));
    if (index >= 0)
      throw invalid(
        path.startsWith('default') ? `body.${path}` : `body.${path}.${index}.id`,
        'no such record',
      );
  }
}

const directoryPlugin: FastifyPluginAsyncZod = async (app) => {
  startDirectorySchedule(app, app.config.directorySyncTickMs);

  app.get(
    '/api/staff/directory',
    { config: ADMIN, schema: { tags, response: { 200: DirectorySettingsOut } } },
    async () => settingsOut(await loadDirectorySettings(app.db)),
  );

  app.put(
    '/api/staff/directory',
    {
      config: ADMIN_STEP_UP,
      schema: { tags, body: DirectorySettingsBody, response: { 200: DirectorySettingsOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const body = request.body;
      await checkReferences(app.db, body);
      const saved = await app.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('directory_settings')
          .selectAll()
          .forUpdate()
          .executeTakeFirstOrThrow();
        const after = await trx
          .updateTable('directory_settings')
          .set({
            enabled: body.enabled,
            url: body.url,
            bind_dn: body.bindDn,
            ...(body.bindPassword === undefined ? {} : { bind_password: body.bindPassword }),
            base_dn: body.baseDn,
            user_filter: body.userFilter,
            group_filter: body.groupFilter,
            email_attribute: body.emailAttribute,
            name_attribute: body.nameAttribute,
            disabled_filter: body.disabledFilter,
            attribute_map: JSON.stringify(body.attributeMap),
            group_map: JSON.stringify(body.groupMappings),
            privilege_map: JSON.stringify(body.privilegeMappings),
            organization_map: JSON.stringify(body.organizationMappings),
            default_organization_id: body.defaultOrganizationId,
            default_privilege_group_id: body.defaultPrivilegeGroupId,
            ...(body.createGroups ? { create_groups: JSON.stringify(body.createGroups) } : {}),
            sync_minutes: body.syncMinutes,
            updated_at: sql<Date>`now()`,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // The password itself is never recorded: only that it changed.
        const { bindPasswordSet: _b, lastSyncAt: _l, lastSyncError: _e, ...was } = settingsOut(before);
        const { bindPasswordSet: _b2, lastSyncAt: _l2, lastSyncError: _e2, ...now } = settingsOut(after);
        await recordAudit(
          trx,
          staff,
          {
            action: 'directory_settings_changed',
            entityType: 'directory_settings',
            entityId: null,
            before: was,
            after: { ...now, bindPasswordChanged: body.bindPassword !== undefined },
          },
          request.ip,
        );
        return after;
      });
      return settingsOut(saved);
    },
  );

  app.post(
    '/api/staff/directory/preview',
    { config: ADMIN, schema: { tags, response: { 200: DirectoryPreviewOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const settings = await loadDirectorySettings(app.db);
      if (!settings.url || !settings.base_dn)
        throw conflict('Configure the directory first (URL and base DN).');
      return previewDirectorySync(app.db, staff);
    },
  );

  app.post(
    '/api/staff/directory/sync',
    { config: ADMIN, schema: { tags, response: { 200: DirectorySyncOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const settings = await loadDirectorySettings(app.db);
      if (!settings.enabled) throw conflict('The directory is off: preview, then switch it on to sync.');
      return syncDirectory(app.db, staff);
    },
  );
};

export default directoryPlugin;
