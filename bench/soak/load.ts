/**
 * The soak's portal traffic: many contacts of every privilege group that may sign in, each with
 * a real session, doing what portal users do (lists in each of their views, ticket reads,
 * searches, comments, new tickets) at a steady rate, whatever the server's latency.
 */
import { sql, type Kysely } from 'kysely';
import { createSession } from '../../src/auth/sessions.ts';
import type { DB } from '../../src/db/schema.ts';

export type SoakContact = {
  contactId: string;
  token: string;
  csrfToken: string;
  views: string[];
  canCreate: boolean;
  /** Tickets this contact has seen in its lists (reads and comments pick from these). */
  seen: string[];
};

type Me = { views: string[]; privileges: string[] };

/** Up to `count` contacts that may use the portal, spread evenly over their privilege groups. */
export async function soakContacts(db: Kysely<DB>, count: number): Promise<SoakContact[]> {
  const { rows } = await sql<{ id: string }>`
    select id from (
      select c.id, row_number() over (partition by c.privilege_group_id order by random()) as n
      from contacts c join privilege_groups g on g.id = c.privilege_group_id
      where not c.disabled and 'portal.login' = any(g.privileges)
    ) ranked order by n, id limit ${count}`.execute(db);
  const contacts: SoakContact[] = [];
  for (const { id } of rows) {
    const s = await createSession(
      db,
      { contactId: id },
      { ip: '127.0.0.1', userAgent: 'portico-soak', ttlMs: 86_400_000 },
    );
    contacts.push({
      contactId: id,
      token: s.token,
      csrfToken: s.csrfToken,
      views: [],
      canCreate: false,
      seen: [],
    });
  }
  return contacts;
}

export type Outcome = { op: string; ms: number; ok: boolean; detail?: string };

const SEARCH_WORDS = ['printer', 'laptop', 'vpn', 'invoice', 'mail', 'login', '#1', '42', 'the'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

export class PortalTraffic {
  constructor(
    private readonly base: string,
    readonly contacts: SoakContact[],
  ) {}

  private async call(c: SoakContact, method: string, url: string, body?: unknown) {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        cookie: `portico_portal=${c.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': c.csrfToken }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown>, text };
  }

  /** Reads each contact's views and privileges (GET /api/portal/me) and a first list. */
  async prepare(): Promise<void> {
    for (const c of this.contacts) {
      const me = await this.call(c, 'GET', '/api/portal/me');
      if (me.status !== 200) throw new Error(`soak: /api/portal/me answered ${me.status}: ${me.text}`);
      const body = me.json() as unknown as Me;
      c.views = body.views;
      c.canCreate = body.privileges.includes('tickets.create');
      await this.list(c, 'all', 'all');
    }
  }

  private remember(c: SoakContact, items: Array<{ id: string }>) {
    for (const t of items.slice(0, 5)) if (!c.seen.includes(t.id)) c.seen.push(t.id);
    if (c.seen.length > 50) c.seen.splice(0, c.seen.length - 50);
  }

  private async list(c: SoakContact, view: string, status: string, q?: string) {
    const query = new URLSearchParams({ view, status, ...(q ? { q } : {}) });
    const res = await this.call(c, 'GET', `/api/portal/tickets?${query}`);
    if (res.status === 200) this.remember(c, res.json().items as Array<{ id: string }>);
    return res.status;
  }

  /** One operation of the mix; `ok` is false on any answer but the expected one. */
  async step(): Promise<Outcome> {
    const c = pick(this.contacts);
    const roll = Math.random();
    const ticket = c.seen.length ? pick(c.seen) : undefined;
    const started = performance.now();
    let op: string;
    let status: number;
    let expected = 200;
    if (roll < 0.35 || !ticket) {
      op = 'list';
      status = await this.list(c, pick(c.views), pick(['open', 'all', 'closed']));
    } else if (roll < 0.6) {
      op = 'read ticket';
      status = (await this.call(c, 'GET', `/api/portal/tickets/${ticket}`)).status;
    } else if (roll < 0.7) {
      op = 'read comments';
      status = (await this.call(c, 'GET', `/api/portal/tickets/${ticket}/comments`)).status;
    } else if (roll < 0.85) {
      op = 'search';
      status = await this.list(c, pick(c.views), 'all', pick(SEARCH_WORDS));
    } else if (roll < 0.95 || !c.canCreate) {
      op = 'comment';
      const read = await this.call(c, 'GET', `/api/portal/tickets/${ticket}`);
      const abilities = read.status === 200 ? (read.json().abilities as { reply: boolean }) : undefined;
      // Not allowed to reply here: the read is what the contact did.
      if (!abilities?.reply) [op, status] = ['read ticket', read.status];
      else {
        expected = 201;
        status = (
          await this.call(c, 'POST', `/api/portal/tickets/${ticket}/comments`, {
            body: 'Soak: still happening after the restart.',
          })
        ).status;
      }
    } else {
      op = 'new ticket';
      expected = 201;
      const res = await this.call(c, 'POST', '/api/portal/tickets', {
        subject: 'Soak: the meeting-room screen stays black',
        description: 'Happens every morning.',
      });
      status = res.status;
      if (status === 201) c.seen.push(res.json().id as string);
    }
    const ms = performance.now() - started;
    return {
      op,
      ms,
      ok: status === expected,
      ...(status === expected ? {} : { detail: `${op}: ${status}` }),
    };
  }
}
