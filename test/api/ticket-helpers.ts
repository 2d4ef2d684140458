// Shared by the ticket test files (tickets, ticket-comments, ticket-attachments).
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { signedInStaff, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { rowCounts } from '../support/expect.ts';

export const MISSING_ID = '01900000-0000-7000-8000-000000000000';

export type Staff = { admin: TestClient; agent: TestClient; adminId: string; agentId: string };

export async function staffClients(t: TestApp): Promise<Staff> {
  const db = t.testDb.database.db;
  const adminUser = await createStaffUser(db, { role: 'admin', name: 'Ada Admin' });
  const agentUser = await createStaffUser(db, { role: 'agent', name: 'Alex Agent' });
  return {
    admin: await signedInStaff(t.app, adminUser.email, TEST_PASSWORD),
    agent: await signedInStaff(t.app, agentUser.email, TEST_PASSWORD),
    adminId: adminUser.id,
    agentId: agentUser.id,
  };
}

/** An organization with one contact (the usual requester). */
export async function customer(db: Kysely<DB>, name?: string) {
  const organization = await createOrganization(db, name ? { name } : {});
  const contact = await createContact(db, { organizationId: organization.id });
  return { organization, contact };
}

export async function insertAsset(db: Kysely<DB>, organizationId: string, name = 'Laptop') {
  return db
    .insertInto('assets')
    .values({ organization_id: organizationId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type TicketJson = {
  id: string;
  number: number;
  subject: string;
  description?: string;
  status: string;
  priority: string;
  private: boolean;
  requester: { id: string; name: string; email: string };
  organization: { id: string; name: string };
  asset: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  closedAt: string | null;
};

export async function createTicket(
  client: TestClient,
  body: Record<string, unknown> & { requesterId: string },
): Promise<TicketJson> {
  const res = await client.post('/api/staff/tickets', { subject: 'Printer on fire', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TicketJson;
}

/** Row counts of the tables a refused request must leave alone. */
export const snapshot = (db: Kysely<DB>) =>
  rowCounts(db, [
    'tickets',
    'ticket_events',
    'ticket_comments',
    'attachments',
    'files',
    'ticket_emails',
    'audit_log',
  ]);

/** A request without any session. */
export const anonymous = (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string) =>
  app.inject({ method, url, ...(method === 'POST' || method === 'PATCH' ? { payload: {} } : {}) });
