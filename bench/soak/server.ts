/**
 * The soak's server process (started by bench/soak/run.ts with `node --expose-gc --import tsx`):
 * the real Portico app alone, on 127.0.0.1, one database handle as in production. Asked for
 * 'memory', it collects garbage first, so the heap it reports is what is still referenced: a
 * leak shows as a rising line, not as the saw-tooth of a busy heap.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { openLocation, type Location } from '../engine.ts';

export type MemorySample = { rssMb: number; heapMb: number; externalMb: number };

const location = JSON.parse(process.env.BENCH_SOAK_LOCATION ?? '{}') as Location;
const database = await openLocation(location, 10);
const app = await buildApp({
  database,
  config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }),
  logger: false,
  routes: registerModules,
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ ready: (app.server.address() as AddressInfo).port });

const mb = (bytes: number) => bytes / 1024 / 1024;
process.on('message', (message: unknown) => {
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const sample: MemorySample = { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) };
    process.send?.({ memory: sample });
  } else if (message === 'stop') {
    void (async () => {
      await app.close();
      await database.close();
      process.exit(0);
    })();
  }
});
