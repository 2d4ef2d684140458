// Issue 16: slow clients must not hold the server. Clients that send their headers (or body) a
// byte at a time, or nothing at all, are cut off at the configured deadline, a normal request is
// served meanwhile, and connections beyond the cap are refused at once.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loadConfig } from '../../src/config.ts';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
// Node checks the deadlines on a timer (a quarter of the header timeout here); allow for a busy machine.
const SLACK_MS = 1500;

type SlowClient = { socket: Socket; closed: Promise<number> };

/** A raw client that writes `first`, then one more byte of `drip` every `everyMs`. */
function slowClient(port: number, first: string, drip: string, everyMs = 200): SlowClient {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let timer: NodeJS.Timeout | undefined;
  socket.on('error', () => {});
  socket.on('connect', () => {
    if (first) socket.write(first);
    if (drip) timer = setInterval(() => socket.write(drip), everyMs);
  });
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Date.now() - started);
    }),
  );
  return { socket, closed };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long the client lived, or Infinity if it is still open after `limitMs` (then it is ended). */
async function lifetime(client: SlowClient, limitMs: number): Promise<number> {
  const ms = await Promise.race([client.closed, sleep(limitMs).then(() => Infinity)]);
  client.socket.destroy();
  return ms;
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
}

describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_KEEPALIVE_TIMEOUT_MS: '500',
    });
    port = await listen(t);
  });
  afterAll(() => t.close());

  it('are closed at the header deadline while a normal request is served', async () => {
    const dripping = Array.from({ length: 40 }, () =>
      slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a'),
    );
    const silent = Array.from({ length: 10 }, () => slowClient(port, '', ''));
    await sleep(300);
    const normal = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(normal.status).toBe(200);

    const limit = HEADERS_TIMEOUT_MS + SLACK_MS;
    const lifetimes = await Promise.all([...dripping, ...silent].map((c) => lifetime(c, limit)));
    for (const ms of lifetimes) expect(ms).toBeLessThan(limit);
  });

  it('sending the body a byte at a time are closed at the request deadline', async () => {
    const body = slowClient(
      port,
      'POST /api/staff/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      ' ',
    );
    const ms = await lifetime(body, REQUEST_TIMEOUT_MS + SLACK_MS);
    expect(ms).toBeGreaterThan(HEADERS_TIMEOUT_MS / 2);
    expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  });

  it('idle between keep-alive requests are closed at the keep-alive deadline', async () => {
    const client = slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n', '');
    const answered = new Promise<string>((r) => client.socket.once('data', (d) => r(d.toString())));
    expect(await answered).toMatch(/^HTTP\/1.1 200/);
    // Node adds up to a second to the keep-alive deadline.
    const limit = 500 + 1000 + SLACK_MS;
    expect(await lifetime(client, limit)).toBeLessThan(limit);
  });
});

describe('the connection cap', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_MAX_CONNECTIONS: '5', HTTP_HEADERS_TIMEOUT_MS: '10000' });
    port = await listen(t);
  });
  afterAll(() => t.close());

  it('refuses connections beyond it at once and accepts again when they are gone', async () => {
    const held = Array.from({ length: 5 }, () => slowClient(port, '', ''));
    await Promise.all(held.map((c) => new Promise((r) => c.socket.once('connect', r))));
    await sleep(200);
    const extra = slowClient(port, '', '');
    expect(await lifetime(extra, 2000)).toBeLessThan(2000);
    let heldClosed = 0;
    for (const c of held) void c.closed.then(() => heldClosed++);
    await sleep(0);
    expect(heldClosed).toBe(0);

    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await sleep(100);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  });
});

describe('the HTTP limit settings', () => {
  it('have defaults, and a header timeout longer than the request timeout is refused', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 15_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 1000,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });
});
