import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { parseCsv } from '../../src/modules/csv/parse.ts';
import { restoreCell } from '../../src/modules/csv/write.ts';
import { signedInStaff, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';
import { rowCounts } from '../support/expect.ts';

export type Kind = 'organizations' | 'contacts';
export type Issue = { path: string; message: string; line?: number; column?: string };

/** POSTs a CSV file to an import: as a multipart upload (the default) or a text/csv body. */
export function importCsv(
  client: TestClient,
  kind: Kind,
  text: string | Buffer,
  as: 'multipart' | 'text' = 'multipart',
  query = '',
) {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const url = `/api/staff/${kind}/import${query}`;
  if (as === 'text') return client.request('POST', url, data, { 'content-type': 'text/csv; charset=utf-8' });
  const { payload, headers } = multipartBody(
    {},
    { name: 'file', filename: `${kind}.csv`, data, contentType: 'text/csv' },
  );
  return client.request('POST', url, payload, headers);
}

export async function exportCsv(client: TestClient, kind: Kind, query = '') {
  const res = await client.get(`/api/staff/${kind}/export.csv${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** An export as objects by column name (the formula guard taken off, as the importer does). */
export function table(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) =>
    Object.fromEntries(header!.cells.map((name, i) => [name, restoreCell(r.cells[i] ?? '')])),
  );
}

export function expectCounts(
  res: LightMyRequestResponse,
  counts: { created: number; updated: number; unchanged: number },
) {
  expect(res.statusCode, res.body).toBe(200);
  const { created, updated, unchanged } = res.json() as typeof counts;
  expect({ created, updated, unchanged }).toEqual(counts);
}

export function expectIssues(res: LightMyRequestResponse, expected: Issue[]) {
  expect(res.statusCode, res.body).toBe(422);
  const body = res.json() as { error: { code: string; issues: Issue[] } };
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.issues).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
  return body.error.issues;
}

/** Everything an import could write, to show that a refused or no-op import wrote nothing. */
export async function snapshot(t: TestApp) {
  const db = t.testDb.database.db;
  return {
    organizations: await db.selectFrom('organizations').selectAll().orderBy('id').execute(),
    contacts: await db.selectFrom('contacts').selectAll().orderBy('id').execute(),
    ...(await rowCounts(db, ['audit_log', 'sessions', 'organization_closure', 'user_group_rule_members'])),
  };
}

/** Lines of a CSV file from arrays of raw cells (no quoting: the test writes what it means). */
export const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/**
 * The world of the CSV tests: a district with two schools (one name with a comma and quotes), a
 * contact whose fields need quoting and formula guarding, and one in the Full group.
 */
export async function csvWorld() {
  const t = await startTestApp();
  const db = t.testDb.database.db;
  const admin = await signedInStaff(
    t.app,
    (await createStaffUser(db, { role: 'admin' })).email,
    TEST_PASSWORD,
  );
  const agent = await signedInStaff(
    t.app,
    (await createStaffUser(db, { role: 'agent' })).email,
    TEST_PASSWORD,
  );
  const district = await createOrganization(db, { name: 'Shoe String District' });
  const almond = await createOrganization(db, { name: 'Almond School', parentId: district.id });
  await createOrganization(db, { name: 'Birch, "the big one"', parentId: district.id });
  await createContact(db, {
    organizationId: almond.id,
    name: 'Doe, "Jr"\nthe second',
    email: 'jr.doe@example.test',
    title: '=HYPERLINK("http://evil.test","click")',
    department: '-1+2',
    attributes: { grade: '5', room: '@12', note: '' },
  });
  await createContact(db, {
    organizationId: district.id,
    privilegeGroup: 'full',
    email: 'boss@example.test',
  });
  return { t, admin, agent, district, almond };
}
