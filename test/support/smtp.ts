// A real SMTP listener (smtp-server) on a free 127.0.0.1 port for the mail tests: it records what
// it accepts, answers 4xx/5xx on demand, and can be stopped and started again on the same port.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export type ReceivedMail = {
  from: string;
  to: string[];
  /** Header names in lower case, folded lines joined. */
  headers: Record<string, string>;
  raw: string;
};

type Refusal = { code: number; message: string; remaining: number; to?: string };

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private refusals: Refusal[] = [];
  port = 0;
  /** How long each message waits before it is accepted (a slow server; 0: at once). */
  acceptDelayMs = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Listens on the given port (0: a free one; a restart passes the previous port). */
  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A stop ends open connections at once, as a crashed server would.
      closeTimeout: 50,
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => {});
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The next `times` messages (to `to` only, if given) are refused with `code` after DATA:
   * 4xx is a temporary failure, 5xx a permanent one.
   */
  refuse(code: number, times = 1, to?: string): void {
    this.refusals.push({
      code,
      message: `${code} refused by the test`,
      remaining: times,
      ...(to ? { to } : {}),
    });
  }

  /** Waits until `count` messages were accepted (or fails after timeoutMs). */
  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    await this.waitUntil(() => this.received.length >= count, `${count} messages`, timeoutMs);
    return this.received;
  }

  /** Waits until a message to `address` was accepted; returns those. */
  async waitForTo(address: string, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const mine = () => this.received.filter((m) => m.to.includes(address));
    await this.waitUntil(() => mine().length > 0, `a message to ${address}`, timeoutMs);
    return mine();
  }

  /** Waits until a message with each of these Message-IDs was accepted. */
  async waitUntilEvery(messageIds: string[], timeoutMs = 20_000): Promise<void> {
    const missing = () => {
      const seen = new Set(this.received.map((m) => m.headers['message-id']));
      return messageIds.filter((id) => !seen.has(id)).length;
    };
    await this.waitUntil(
      () => missing() === 0,
      `message for each of ${messageIds.length} Message-IDs`,
      timeoutMs,
    );
  }

  private async waitUntil(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const since = Date.now();
    while (!done()) {
      if (Date.now() - since > timeoutMs)
        throw new Error(`SMTP listener: no ${what} after ${timeoutMs} ms (${this.received.length} received)`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** How many accepted messages carry each Message-ID (exactly-once checks). */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.received) {
      const id = m.headers['message-id'] ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error) => void) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const to = session.envelope.rcptTo.map((r) => r.address);
      const refusal = this.refusals.find((r) => r.remaining > 0 && (!r.to || to.includes(r.to)));
      if (refusal) {
        refusal.remaining--;
        return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const accept = () => {
        this.received.push({ from, to, headers: headersOf(raw), raw });
        callback();
      };
      if (this.acceptDelayMs > 0) setTimeout(accept, this.acceptDelayMs);
      else accept();
    });
  }
}

function headersOf(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const smtp = new TestSmtpServer();
  await smtp.start(0);
  return smtp;
}
