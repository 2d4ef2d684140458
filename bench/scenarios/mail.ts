import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { queueMails } from '../../src/mail/outbox.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { assert, dbOf, record, type Context } from '../context.ts';

const MEMBERS = 20_000;
const THROUGHPUT_MESSAGES = 3_000;
const CONCURRENCY = 5;

/** A local SMTP listener that accepts everything and counts it. */
async function listener() {
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    reset: () => void (accepted = 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const since = performance.now();
  while (!done()) {
    assert(performance.now() - since < timeoutMs, `${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Scenario 10 (issue 12): (a) a group e-mail to 20,000 members through the staff API, the
 * answer's time (one batch row; the worker makes the messages); (b) the outbox worker's throughput to a
 * local smtp-server listener, against a bare nodemailer pooled loop to the same listener in the
 * same run. The rows the scenario writes are deleted at the end.
 */
export async function runMail(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  const smtp = await listener();
  const lever = ctx.manifest.lever;
  const staff = { cookie: `portico_staff=${lever.staffToken}`, 'x-csrf-token': lever.staffCsrf };
  const org = await sql<{ id: string }>`
    insert into organizations (name) values ('Bench mail members') returning id`.execute(db);
  const orgId = org.rows[0]!.id;
  const app = await buildApp({
    database: ctx.database,
    config: loadConfig({
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://127.0.0.1',
      SMTP_URL: smtp.url,
      MAIL_WORKER_CONCURRENCY: String(CONCURRENCY),
      MAIL_POLL_MS: '50',
    }),
    // (a) measures the queueing alone: the worker starts for (b).
    mailWorker: false,
    logger: false,
    routes: registerModules,
  });
  try {
    await sql`
      insert into contacts (organization_id, privilege_group_id, email, name)
      select ${orgId}::uuid, (select id from privilege_groups order by id limit 1),
             'bench-mail-' || n || '@bench.test', 'Member ' || n
      from generate_series(1, ${MEMBERS}) n`.execute(db);
    const group = await app.inject({
      method: 'POST',
      url: '/api/staff/user-groups',
      headers: staff,
      payload: { name: 'Bench mail group', memberOrganizations: [{ organizationId: orgId }] },
    });
    assert(group.statusCode === 201, `group created: ${group.statusCode} ${group.body}`);
    const start = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: `/api/staff/user-groups/${group.json().id}/email`,
      headers: staff,
      payload: { subject: 'Bench', text: 'A message to every member of the group.' },
    });
    const answerMs = performance.now() - start;
    assert(
      res.statusCode === 202 && res.json().queued === MEMBERS,
      `group e-mail: ${res.statusCode} ${res.body}`,
    );
    record(ctx, {
      scenario: '10 mail',
      name: `group e-mail to ${MEMBERS.toLocaleString('en')} members: HTTP answer (ms)`,
      ours: { name: 'POST /api/staff/user-groups/:id/email', n: 1, p50: answerMs },
      ratio: answerMs,
      metric: 'value',
      target: 'mail.groupEmail',
      note: `one batch row queued for ${MEMBERS} members, expanded by the worker`,
    });
    // Nothing was expanded (no worker ran): the batch row is all there is.
    await db.deleteFrom('mail_batches').where('id', '=', res.json().batchId).execute();

    // (b) the reference: a bare pooled nodemailer loop, CONCURRENCY messages in flight.
    const transport = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: CONCURRENCY });
    smtp.reset();
    let next = 0;
    const refStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < THROUGHPUT_MESSAGES)
          await transport.sendMail({
            from: 'bench@bench.test',
            to: `r${next}@bench.test`,
            subject: 'Bench',
            text: 'x',
          });
      }),
    );
    const referenceRate = THROUGHPUT_MESSAGES / ((performance.now() - refStart) / 1000);
    transport.close();

    // Ours: the same number queued, then the worker from start to the last one accepted.
    await queueMails(
      db,
      'http://127.0.0.1',
      Array.from({ length: THROUGHPUT_MESSAGES }, (_, i) => ({
        kind: 'bench',
        to: `w${i}@bench.test`,
        subject: 'Bench',
        text: 'x',
      })),
    );
    smtp.reset();
    const workerStart = performance.now();
    app.mailWorker.start();
    await until(() => smtp.accepted() >= THROUGHPUT_MESSAGES, 300_000, 'the worker sends every message');
    const ourRate = THROUGHPUT_MESSAGES / ((performance.now() - workerStart) / 1000);
    await app.mailWorker.stop();
    record(ctx, {
      scenario: '10 mail',
      name: `outbox worker to a local SMTP listener, ${THROUGHPUT_MESSAGES} messages (msg/s)`,
      ours: { name: `worker, ${CONCURRENCY} pooled connections`, n: THROUGHPUT_MESSAGES, rps: ourRate },
      reference: {
        name: `bare nodemailer pooled loop, ${CONCURRENCY} connections`,
        n: THROUGHPUT_MESSAGES,
        rps: referenceRate,
      },
      ratio: ourRate,
      metric: 'value',
      target: 'mail.throughput',
      note: `${(ourRate / referenceRate).toFixed(2)} × the bare loop`,
    });
  } finally {
    await app.close();
    await smtp.close();
    await db.deleteFrom('mail_messages').where('kind', 'in', ['group', 'bench']).execute();
    await db.deleteFrom('user_groups').where('name', '=', 'Bench mail group').execute();
    await db.deleteFrom('contacts').where('organization_id', '=', orgId).execute();
    await db.deleteFrom('organizations').where('id', '=', orgId).execute();
  }
}
