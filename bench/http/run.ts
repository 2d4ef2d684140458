import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { assert, persona, record, recordGated, type Context } from '../context.ts';
import type { BenchDatabase } from '../engine.ts';
import { sampleTickets } from '../ideal-sql.ts';
import { pickForm } from '../ideal-best.ts';
import type { Side } from '../report/results.ts';
import type { Evidence, Rounds } from '../gate.ts';
import type { ServerPorts, ServerSpec } from './server.ts';

type Endpoint = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  expect: number;
};

async function vmRssMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return kb / 1024;
}

type Load = Side & { errorsTotal: number; seconds: number };

async function load(e: Endpoint, seconds: number): Promise<Load> {
  const r = await autocannon({
    url: e.url,
    connections: 50,
    duration: seconds,
    method: e.method ?? 'GET',
    ...(e.headers ? { headers: e.headers } : {}),
    ...(e.body ? { body: e.body } : {}),
  });
  const wrong = Object.entries(r.statusCodeStats)
    .filter(([code]) => Number(code) !== e.expect)
    .reduce((n, [, s]) => n + Number(s.count), 0);
  return {
    name: e.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''),
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    n: r.requests.total,
    errors: r.errors + r.timeouts + wrong,
    errorsTotal: r.errors + r.timeouts + wrong,
    seconds: r.duration,
  };
}

/** Several runs as one side: requests over time, the median run's p50, the worst run's p99. */
function combined(runs: Load[]): Load {
  const total = (f: (l: Load) => number) => runs.reduce((s, l) => s + f(l), 0);
  const p50s = runs.map((l) => l.p50!).sort((a, b) => a - b);
  const errors = total((l) => l.errorsTotal);
  return {
    name: runs[0]!.name,
    rps: total((l) => l.n!) / total((l) => l.seconds),
    p50: p50s[Math.floor((p50s.length - 1) / 2)]!,
    p99: Math.max(...runs.map((l) => l.p99!)),
    n: total((l) => l.n!),
    errors,
    errorsTotal: errors,
    seconds: total((l) => l.seconds),
  };
}

/**
 * Our endpoint and its reference in alternating short runs (ref, ours, ours, ref, …), so the
 * noise of the shared machine falls on both and the ratio can be taken run by run.
 */
async function alternate(ours: Endpoint, ref: Endpoint, runs: number, seconds: number) {
  const sides = { ours: [] as Load[], reference: [] as Load[] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (['reference', 'ours'] as const) : (['ours', 'reference'] as const);
    for (const which of order) sides[which].push(await load(which === 'ours' ? ours : ref, seconds));
  }
  return sides;
}

/**
 * Scenario 6: autocannon (-c 50) against the server process, each endpoint of ours in short runs
 * alternating with its reference's, both warmed up first. The main process only generates load here; the database
 * handle of the main process is closed for PGlite (one process owns a PGlite directory).
 */
export async function runHttp(ctx: Context, bench: BenchDatabase): Promise<void> {
  const location = bench.location;
  const small = persona(ctx, 'smallSuper');
  const large = persona(ctx, 'largeSuper');
  const creator = persona(ctx, 'plain');
  const ticketId = (await sampleTickets(large, true, 1).execute(ctx.database.db)).rows[0]!.id;
  const forms = {
    small: await pickForm(ctx.database.db, small, 'groups', 'open'),
    large: await pickForm(ctx.database.db, large, 'groups', 'open'),
  };
  const spec: ServerSpec = { location, small, large, creator, forms };
  // Per endpoint: 3 s in 1-second runs (quick), 20 s in 5-second runs.
  const [runs, seconds] = ctx.quick ? [3, 1] : [4, 5];
  const warmup = ctx.quick ? 1 : 3;
  if (location.engine === 'pglite') await bench.close();

  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ports = await new Promise<ServerPorts>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { ready: ServerPorts }).ready));
    child.once('exit', (code) => reject(new Error(`HTTP server exited (${code})`)));
  });
  let peakRss = 0;
  const sampler = setInterval(
    () => void vmRssMb(child.pid!, 'VmRSS').then((mb) => (peakRss = Math.max(peakRss, mb))),
    250,
  );
  try {
    const base = (port: number) => `http://127.0.0.1:${port}`;
    const cookie = (p: typeof small) => ({ cookie: `portico_portal=${p.token}` });
    const pairs: Array<{
      name: string;
      persona?: string;
      ours: Endpoint;
      ref: Endpoint;
      target?: 'http.hello' | 'http.single' | 'http.list';
    }> = [
      {
        name: 'hello: Fastify vs raw node:http',
        ours: { url: `${base(ports.fastify)}/hello`, expect: 200 },
        ref: { url: `${base(ports.node)}/`, expect: 200 },
        target: 'http.hello',
      },
      {
        name: 'GET /api/portal/tickets/{id} vs unauthenticated PK endpoint',
        persona: large.name,
        ours: {
          url: `${base(ports.app)}/api/portal/tickets/${ticketId}`,
          headers: cookie(large),
          expect: 200,
        },
        ref: { url: `${base(ports.fastify)}/ideal/tickets/${ticketId}`, expect: 200 },
        target: 'http.single',
      },
      {
        name: 'GET /api/portal/tickets/{id} vs PK endpoint behind a session lookup (no target)',
        persona: large.name,
        ours: {
          url: `${base(ports.app)}/api/portal/tickets/${ticketId}`,
          headers: cookie(large),
          expect: 200,
        },
        ref: {
          url: `${base(ports.fastify)}/ideal/session-tickets/${ticketId}`,
          headers: cookie(large),
          expect: 200,
        },
      },
      ...[small, large].map((p) => ({
        name: 'GET /api/portal/tickets?view=groups&status=open vs ideal-SQL endpoint',
        persona: p.name,
        ours: {
          url: `${base(ports.app)}/api/portal/tickets?view=groups&status=open`,
          headers: cookie(p),
          expect: 200,
        },
        ref: {
          url: `${base(ports.fastify)}/ideal/tickets?persona=${p === large ? 'large' : 'small'}`,
          expect: 200,
        },
        target: 'http.list' as const,
      })),
      {
        name: 'POST /api/portal/tickets vs raw-INSERT endpoint (no target)',
        persona: creator.name,
        ours: {
          url: `${base(ports.app)}/api/portal/tickets`,
          method: 'POST',
          headers: {
            ...cookie(creator),
            'x-csrf-token': creator.csrfToken,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ subject: 'Bench ticket over HTTP: the projector flickers' }),
          expect: 201,
        },
        ref: {
          url: `${base(ports.fastify)}/ideal/tickets`,
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
          expect: 201,
        },
      },
    ];
    // Same answers first: the list endpoints must return the same tickets.
    for (const pair of pairs) {
      const [o, r] = await Promise.all(
        [pair.ours, pair.ref].map((e) =>
          fetch(e.url, {
            method: e.method ?? 'GET',
            ...(e.headers ? { headers: e.headers } : {}),
            ...(e.body ? { body: e.body } : {}),
          }),
        ),
      );
      assert(
        o!.status === pair.ours.expect && r!.status === pair.ref.expect,
        `${pair.name}: status ${o!.status} / ${r!.status}`,
      );
      if (pair.target === 'http.list') {
        const ids = async (res: Response) =>
          ((await res.json()) as { items: Array<{ id: string }> }).items.map((t) => t.id).join();
        assert((await ids(o!)) === (await ids(r!)), `${pair.name}: different tickets`);
      }
    }
    let errors = 0;
    for (const pair of pairs) {
      await load(pair.ref, warmup);
      await load(pair.ours, warmup);
      const measured = await alternate(pair.ours, pair.ref, runs, seconds);
      const [ours, ref] = [combined(measured.ours), combined(measured.reference)];
      errors += ours.errorsTotal + ref.errorsTotal;
      const row = {
        scenario: '6 http',
        name: pair.name,
        ...(pair.persona ? { persona: pair.persona } : {}),
        ours,
        reference: ref,
        ratio: ours.rps! / ref.rps!,
        metric: 'rps' as const,
      };
      if (!pair.target) {
        record(ctx, row);
        continue;
      }
      // Gated, or (http.single) only reported: recordGated knows which.
      const evidence: Evidence = {
        ...measured,
        again: async (): Promise<Rounds> => {
          const again = await alternate(pair.ours, pair.ref, 5, seconds);
          errors += combined([...again.ours, ...again.reference]).errorsTotal;
          return again;
        },
      };
      await recordGated(ctx, { ...row, target: pair.target }, evidence);
    }
    record(ctx, {
      scenario: '6 http',
      name: 'errors, timeouts and unexpected statuses (all runs)',
      ours: { name: 'errors', errors },
      ratio: errors,
      metric: 'value',
      target: 'http.errors',
    });
    const hwm = await vmRssMb(child.pid!, 'VmHWM');
    record(ctx, {
      scenario: '6 http',
      name: 'server process peak RSS (MB)',
      ours: { name: 'VmHWM' },
      ratio: Math.max(peakRss, hwm),
      metric: 'value',
      target: 'http.rss',
      note: ctx.engine === 'pglite' ? 'PGlite: the whole database lives in the server process' : '',
    });
  } finally {
    clearInterval(sampler);
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
