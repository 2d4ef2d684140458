// Malware scanning (issue 16): with CLAMAV_URL set, every upload is streamed to clamd and refused
// if infected (422 `infected`, naming the signature); when clamd cannot be reached the upload is
// refused with 503 (fail closed). Against a real clamd, started by the test (test/support/clamd.ts).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { clamdPath, EICAR, EICAR_SIGNATURE, freePort, startClamd, type Clamd } from '../support/clamd.ts';
import { createContact, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';
import { expectError, rowCounts } from '../support/expect.ts';
import { customer, staffClients, type Staff } from './ticket-helpers.ts';

if (!clamdPath) {
  console.warn(
    'upload-scanning: SKIPPED, clamd is not installed (apt-get install clamav-daemon; .ci/run does it).',
  );
}

describe.skipIf(!clamdPath)('upload scanning with clamd', () => {
  let clamd: Clamd;
  let t: TestApp;
  let s: Staff;
  let portal: TestClient;
  let ticketId: string;
  let organizationId: string;
  const db = () => t.testDb.database.db;

  beforeAll(async () => {
    clamd = await startClamd();
    t = await startTestApp({ CLAMAV_URL: clamd.url });
    s = await staffClients(t);
    organizationId = (await customer(db())).organization.id;
    const requester = await createContact(db(), { organizationId, privilegeGroup: 'full' });
    portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    ticketId = (
      await db()
        .insertInto('tickets')
        .values({
          subject: 'Logs',
          description: 'Attached.',
          requester_id: requester.id,
          organization_id: organizationId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await clamd?.stop();
  });

  const file = (data: Buffer, filename = 'file.txt') => ({ name: 'file', filename, data });
  const staffUpload = (data: Buffer, client = s.agent) => {
    const { payload, headers } = multipartBody({}, file(data));
    return client.request('POST', `/api/staff/tickets/${ticketId}/attachments`, payload, headers);
  };
  const portalUpload = (data: Buffer) => {
    const { payload, headers } = multipartBody({}, file(data));
    return portal.request('POST', `/api/portal/tickets/${ticketId}/attachments`, payload, headers);
  };
  const documentUpload = (data: Buffer) => {
    const { payload, headers } = multipartBody(
      { organizationId, title: 'Manual', public: 'false' },
      file(data),
    );
    return s.admin.request('POST', '/api/staff/documents', payload, headers);
  };
  const stored = () => rowCounts(db(), ['attachments', 'documents', 'files']);

  async function expectNothingStored(upload: () => Promise<LightMyRequestResponse>) {
    const before = await stored();
    const res = await upload();
    expect(await stored()).toEqual(before);
    return res;
  }

  function expectInfected(res: LightMyRequestResponse) {
    expectError(res, 422, 'infected', 'body.file');
    expect(res.json().error.message).toContain(EICAR_SIGNATURE);
  }

  it('refuses the EICAR test file from staff, the portal and documents, storing nothing', async () => {
    expectInfected(await expectNothingStored(() => staffUpload(EICAR)));
    expectInfected(await expectNothingStored(() => portalUpload(EICAR)));
    expectInfected(await expectNothingStored(() => documentUpload(EICAR)));
  });

  it('accepts a clean file on every path', async () => {
    const clean = Buffer.from('Just a log line.\n');
    for (const upload of [staffUpload, portalUpload, documentUpload]) {
      const res = await upload(clean);
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('answers 503 and stores nothing when clamd cannot be reached (fail closed)', async () => {
    const down = await startTestApp(
      { CLAMAV_URL: `tcp://127.0.0.1:${await freePort()}` },
      { testDb: t.testDb },
    );
    try {
      const staff = await staffClients(down);
      const res = await expectNothingStored(() => staffUpload(Buffer.from('clean\n'), staff.agent));
      expectError(res, 503, 'service_unavailable');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await down.close();
    }
  });

  it('answers 503 once the running clamd goes away', async () => {
    await clamd.stop();
    expectError(
      await expectNothingStored(() => portalUpload(Buffer.from('clean\n'))),
      503,
      'service_unavailable',
    );
  });
});
