import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestsDue } from '../../src/mail/notifications/digest.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createOrganization } from '../support/factories.ts';
import { createTicket, staffClients, type Staff } from './ticket-helpers.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
});
afterAll(async () => t.close());

/** A daily digest preference whose last digest was `hoursAgo` hours ago. */
async function daily(contactId: string, scope: 'mine' | 'visible', hoursAgo: number) {
  await db()
    .insertInto('contact_notification_preferences')
    .values({
      contact_id: contactId,
      scope,
      delivery: 'daily',
      last_digest_at: sql<Date>`now() - make_interval(hours => ${hoursAgo})`,
    })
    .execute();
}

describe('digestsDue', () => {
  it('lists per view what changed that the contact may see now, once, and marks the window', async () => {
    const school = await createOrganization(db(), { name: 'School' });
    const other = await createOrganization(db(), { name: 'Other' });
    const teacher = await createContact(db(), { organizationId: school.id, name: 'Teacher' });
    const principal = await createContact(db(), {
      organizationId: school.id,
      privilegeGroup: 'full',
      name: 'Principal',
    });
    const outsider = await createContact(db(), { organizationId: other.id, privilegeGroup: 'full' });
    const recent = await createContact(db(), { organizationId: school.id, privilegeGroup: 'full' });
    const lost = await createContact(db(), { organizationId: school.id, privilegeGroup: 'full' });
    await daily(principal.id, 'visible', 25);
    await daily(teacher.id, 'mine', 25);
    await daily(outsider.id, 'visible', 25);
    await daily(recent.id, 'visible', 2);
    await daily(lost.id, 'visible', 25);
    const open = await createTicket(s.admin, {
      requesterId: teacher.id,
      subject: 'Projector <broken>',
      priority: 'urgent',
    });
    await createTicket(s.admin, { requesterId: teacher.id, subject: 'Only me', private: true });
    const own = await createTicket(s.admin, { requesterId: principal.id, subject: 'My own' });
    await s.agent.patch(`/api/staff/tickets/${open.id}`, { status: 'pending' });
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', lost.id).execute();

    const mails = await digestsDue(db(), t.config, new Date(Date.now() + 1000));
    const byTo = new Map(mails.map((m) => [m.to, m]));
    // Not due yet (2 h), outside the scope, or lost access: nothing.
    expect([...byTo.keys()].sort()).toEqual([principal.email, teacher.email].sort());
    const forPrincipal = byTo.get(principal.email)!;
    expect(forPrincipal).toMatchObject({ kind: 'digest', contactId: principal.id });
    expect(forPrincipal.subject).toBe('Your daily summary: 2 tickets changed');
    const text = forPrincipal.text;
    expect(text).toContain(`My tickets\n- #${own.number} My own (open; 1 change)`);
    expect(text).toContain(`My organization\n- #${open.number} Projector <broken> (pending; 2 changes)`);
    expect(text).not.toContain('Only me');
    expect(text).not.toMatch(/urgent|Priority/);
    expect(forPrincipal.html).toContain('Projector &lt;broken&gt;');
    expect(forPrincipal.html).not.toContain('<broken>');
    expect(text).toContain(`http://portico.test/portal/tickets/${open.id}`);
    // "mine": its own tickets only, the private one included.
    expect(byTo.get(teacher.email)!.text).toContain('Only me');
    expect(byTo.get(teacher.email)!.text).not.toContain('My own');

    // Covered: the next run sends none of it again; the 2-hour one is still waiting.
    expect(await digestsDue(db(), t.config, new Date(Date.now() + 2000))).toEqual([]);
    const marks = await db()
      .selectFrom('contact_notification_preferences')
      .select(['contact_id', 'last_digest_at'])
      .where('contact_id', 'in', [principal.id, recent.id])
      .execute();
    const mark = new Map(marks.map((m) => [m.contact_id, m.last_digest_at!.getTime()]));
    expect(mark.get(principal.id)).toBeGreaterThan(Date.now() - 60_000);
    expect(mark.get(recent.id)).toBeLessThan(Date.now() - 3_600_000);
  });
});
