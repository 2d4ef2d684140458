// Malware scanning of uploads with clamd (INSTREAM over TCP, through the `clamscan` client: see
// docs/adr/0005-virus-scanning-client.md). Fails closed: when clamd cannot be asked, the upload is
// refused with 503 rather than stored unscanned.
import { Readable } from 'node:stream';
import NodeClam from 'clamscan';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';

type ClamavSettings = NonNullable<Config['clamav']>;

// One client per clamd address: init() looks for local binaries once, not on every upload.
const scanners = new Map<string, Promise<NodeClam>>();

function scannerFor(clamav: ClamavSettings): Promise<NodeClam> {
  const key = `${clamav.host}:${clamav.port}:${clamav.timeoutMs}`;
  let scanner = scanners.get(key);
  if (!scanner) {
    scanner = new NodeClam().init({
      removeInfected: false,
      clamscan: { active: false },
      clamdscan: {
        host: clamav.host,
        port: clamav.port,
        timeout: clamav.timeoutMs,
        localFallback: false,
        // Reachability is learnt per upload (503), not once at start-up.
        bypassTest: true,
        active: true,
      },
      preference: 'clamdscan',
    });
    scanner.catch(() => scanners.delete(key));
    scanners.set(key, scanner);
  }
  return scanner;
}

function unavailable(): AppError {
  return new AppError('service_unavailable', 'The virus scanner is unavailable; the file was not stored.', {
    retryAfterSeconds: 30,
  });
}

/**
 * Refuses bytes that clamd finds infected (422 `infected`, naming the signature) and, when clamd
 * cannot be reached or fails, every upload (503). Does nothing when no scanner is configured.
 * Every way a file enters Portico (portal, staff, documents, inbound mail) calls this first.
 */
export async function assertNotInfected(
  clamav: Config['clamav'],
  data: Buffer,
  log?: { warn(object: object, message: string): void },
): Promise<void> {
  if (!clamav) return;
  let result: { isInfected: boolean | null; viruses: string[] };
  try {
    const scanner = await scannerFor(clamav);
    result = await scanner.scanStream(Readable.from([data]));
  } catch (error) {
    log?.warn({ err: error }, 'virus scan failed; upload refused');
    throw unavailable();
  }
  if (result.isInfected === true) {
    const signature = result.viruses.join(', ') || 'unknown';
    throw new AppError('infected', `The file is infected (${signature}) and was not stored.`, {
      issues: [{ path: 'body.file', message: `is infected: ${signature}` }],
    });
  }
  if (result.isInfected !== false) throw unavailable();
}
