import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A whole number above zero, `fallback` when unset. */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Unset: 127.0.0.1 while the demo accounts (published password) exist, else every interface.
    HOST: z.string().optional(),
    DATABASE_URL: z.string().url().optional(),
    PORTICO_DATA_DIR: z.string().default('./data'),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 14),
    COOKIE_SECURE: booleanFromEnv.optional(),
    TRUST_PROXY: booleanFromEnv.default(false),
    BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    UPLOAD_LIMIT_BYTES: positiveInt(25 * 1024 * 1024),
    UPLOAD_TICKET_MAX_FILES: positiveInt(100),
    UPLOAD_TICKET_MAX_BYTES: positiveInt(200 * 1024 * 1024),
    UPLOAD_CONTACT_MAX_FILES: positiveInt(1000),
    UPLOAD_CONTACT_MAX_BYTES: positiveInt(1024 * 1024 * 1024),
    CLAMAV_URL: z
      .string()
      .regex(/^tcp:\/\/[^:/]+:\d+\/?$/, 'must look like tcp://host:port')
      .optional(),
    CLAMAV_TIMEOUT_MS: positiveInt(30_000),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(50),
    LOGIN_BLOCK_SECONDS: positiveInt(15 * 60),
    ARGON2_MEMORY_KIB: z.coerce.number().int().min(19456).default(19456),
    ARGON2_TIME_COST: z.coerce.number().int().min(2).default(2),
    STEP_UP_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(60 * 60)
      .default(5 * 60),
    IMPERSONATION_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    HTTP_HEADERS_TIMEOUT_MS: positiveInt(15_000),
    HTTP_REQUEST_TIMEOUT_MS: positiveInt(120_000),
    HTTP_KEEPALIVE_TIMEOUT_MS: positiveInt(72_000),
    HTTP_MAX_CONNECTIONS: positiveInt(1000),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Portico <portico@localhost>'),
    MAIL_WORKER_CONCURRENCY: positiveInt(5),
    // Resolved tickets are closed this many days after they were resolved; 0: never.
    TICKET_AUTO_CLOSE_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
    TICKET_AUTO_CLOSE_INTERVAL_MS: positiveInt(10 * 60_000),
    // How often each instance looks whether the directory sync is due; 0: never on this instance.
    DIRECTORY_SYNC_TICK_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    // The Breaching queue holds tickets due within this many minutes, besides those overdue.
    SLA_WARNING_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
    MAIL_RETRY_LIMIT: positiveInt(8),
    MAIL_RETRY_BASE_SECONDS: positiveInt(30),
    MAIL_RETRY_MAX_SECONDS: positiveInt(3600),
    MAIL_LEASE_SECONDS: positiveInt(120),
    MAIL_POLL_MS: positiveInt(1000),
    MAIL_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
    // The inbound mailbox replies go to (support@example.com → support+<token>@example.com).
    MAIL_REPLY_ADDRESS: z.string().email().optional(),
    IMAP_URL: z
      .string()
      .regex(/^imaps?:\/\/[^@/]+@[^:/]+(:\d+)?\/?$/, 'must look like imaps://user:pass@host:port')
      .optional(),
    IMAP_FOLDER: z.string().default('INBOX'),
    IMAP_PROCESSED_FOLDER: z.string().optional(),
    IMAP_POLL_SECONDS: positiveInt(60),
    INBOUND_MAIL_TOKEN: z.string().min(16).optional(),
    MAIL_UNKNOWN_SENDERS: z.enum(['reject', 'hold', 'create']).default('hold'),
    MAIL_INBOUND_MAX_BYTES: positiveInt(25 * 1024 * 1024),
    MAIL_INBOUND_MAX_RECIPIENTS: positiveInt(50),
    MAIL_INBOUND_PER_SENDER_10_MIN: positiveInt(20),
    METRICS_TOKEN: z.string().min(16).optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    SEARCH_LANGUAGE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be the name of a text search configuration, such as english')
      .default('english'),
    DEFAULT_CURRENCY: z
      .string()
      .refine((c) => isCurrency(c), 'must be an ISO 4217 currency code such as EUR')
      .default('EUR'),
    BILLING_TIME_ZONE: z
      .string()
      .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Europe/Berlin')
      .default('UTC'),
  })
  .refine((e) => e.HTTP_HEADERS_TIMEOUT_MS <= e.HTTP_REQUEST_TIMEOUT_MS, {
    // Node refuses a header timeout longer than the whole request's.
    message: 'must not be longer than HTTP_REQUEST_TIMEOUT_MS',
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
  });

export type MailWorkerSettings = {
  /** SMTP connections in the pool, and so messages in flight at once. */
  concurrency: number;
  /** Attempts of one message before a temporary failure (4xx) marks it failed. */
  retryLimit: number;
  /** Backoff after the n-th temporary failure: base * 2^(n-1) seconds, at most max. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** How long a claim holds a row; a crashed worker's rows are due again after it. */
  leaseSeconds: number;
  /** How often an idle worker looks for due rows. */
  pollMs: number;
  /** Sent and failed messages, handled events and batches are removed after this many days; 0 keeps them. */
  retentionDays: number;
};

export type UploadQuotas = {
  ticketFiles: number;
  ticketBytes: number;
  contactFiles: number;
  contactBytes: number;
};

export type Config = {
  port: number;
  /** undefined: decided at start-up (cli.ts serve). */
  host: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionTtlMs: number;
  /** undefined: decided per request (Secure when the request came over TLS). */
  cookieSecure: boolean | undefined;
  trustProxy: boolean;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Per ticket (every uploader) and per contact (its portal uploads): files and total bytes. */
  uploadQuotas: UploadQuotas;
  /** clamd to scan every upload with (INSTREAM); undefined: no scanning. */
  clamav: { host: string; port: number; timeoutMs: number } | undefined;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginBlockSeconds: number;
  argon2: { memoryCost: number; timeCost: number };
  impersonationTtlMs: number;
  /** How long a password or code given again counts for sensitive actions (step-up). */
  stepUpSeconds: number;
  /** Slow or idle clients must not hold the server (HTTP_*: see README). */
  http: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The outbox worker (src/mail/worker.ts; MAIL_*: see README). */
  mailWorker: MailWorkerSettings;
  /** The inbound mailbox: notifications' Reply-To is it with a per-recipient token; inbound mail arrives there. */
  mailReplyAddress: string;
  inboundMail: InboundMailConfig;
  /** Closing resolved tickets after `days` (0: never), checked every `intervalMs` (src/modules/tickets/auto-close.ts). */
  ticketAutoClose: { days: number; intervalMs: number };
  /** How often the directory schedule looks whether a sync is due; 0: not on this instance. */
  directorySyncTickMs: number;
  /** The Breaching queue's warning window in minutes (SLA_WARNING_MINUTES). */
  slaWarningMinutes: number;
  /** A bearer token that may read /api/metrics (besides administrators). */
  metricsToken: string | undefined;
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownTimeoutMs: number;
  /** The text search configuration full-text search stems with (db/search.ts). */
  searchLanguage: string;
  /** The currency of organizations without their own, and the time zone "overdue" is judged in (docs/billing.md). */
  billing: { defaultCurrency: string; timeZone: string };
};

/** An upper-case ISO 4217 code this runtime can format. */
export const isCurrency = (code: string) =>
  /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type InboundMailConfig = {
  /** imap(s)://user:pass@host:port to fetch from; undefined: no fetcher. */
  imapUrl: string | undefined;
  imapFolder: string;
  /** Where processed messages are moved; undefined: they are marked \\Seen and stay. */
  imapProcessedFolder: string | undefined;
  imapPollSeconds: number;
  /** Bearer token of POST /api/inbound/mail (and so of `portico mail-inbound`); undefined: 404. */
  token: string | undefined;
  unknownSenders: 'reject' | 'hold' | 'create';
  maxBytes: number;
  maxRecipients: number;
  perSenderPer10Min: number;
};

/** The address part of `Name <address>` (or the whole value when it has no angle brackets). */
export function addressOf(mailbox: string): string {
  return (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim();
}

function clamavAddress(url: string, timeoutMs: number): NonNullable<Config['clamav']> {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port), timeoutMs };
}

/** Reads the environment once, failing fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL= …) means "not set", as in most tools.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    searchLanguage: e.SEARCH_LANGUAGE,
    billing: { defaultCurrency: e.DEFAULT_CURRENCY, timeZone: e.BILLING_TIME_ZONE },
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PORTICO_DATA_DIR,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    uploadQuotas: {
      ticketFiles: e.UPLOAD_TICKET_MAX_FILES,
      ticketBytes: e.UPLOAD_TICKET_MAX_BYTES,
      contactFiles: e.UPLOAD_CONTACT_MAX_FILES,
      contactBytes: e.UPLOAD_CONTACT_MAX_BYTES,
    },
    clamav: e.CLAMAV_URL ? clamavAddress(e.CLAMAV_URL, e.CLAMAV_TIMEOUT_MS) : undefined,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    loginBlockSeconds: e.LOGIN_BLOCK_SECONDS,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST },
    impersonationTtlMs: e.IMPERSONATION_MINUTES * 60_000,
    stepUpSeconds: e.STEP_UP_SECONDS,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailReplyAddress: e.MAIL_REPLY_ADDRESS ?? addressOf(e.MAIL_FROM),
    inboundMail: {
      imapUrl: e.IMAP_URL,
      imapFolder: e.IMAP_FOLDER,
      imapProcessedFolder: e.IMAP_PROCESSED_FOLDER,
      imapPollSeconds: e.IMAP_POLL_SECONDS,
      token: e.INBOUND_MAIL_TOKEN,
      unknownSenders: e.MAIL_UNKNOWN_SENDERS,
      maxBytes: e.MAIL_INBOUND_MAX_BYTES,
      maxRecipients: e.MAIL_INBOUND_MAX_RECIPIENTS,
      perSenderPer10Min: e.MAIL_INBOUND_PER_SENDER_10_MIN,
    },
    mailWorker: {
      concurrency: e.MAIL_WORKER_CONCURRENCY,
      retryLimit: e.MAIL_RETRY_LIMIT,
      retryBaseSeconds: e.MAIL_RETRY_BASE_SECONDS,
      retryMaxSeconds: e.MAIL_RETRY_MAX_SECONDS,
      leaseSeconds: e.MAIL_LEASE_SECONDS,
      pollMs: e.MAIL_POLL_MS,
      retentionDays: e.MAIL_RETENTION_DAYS,
    },
    ticketAutoClose: { days: e.TICKET_AUTO_CLOSE_DAYS, intervalMs: e.TICKET_AUTO_CLOSE_INTERVAL_MS },
    directorySyncTickMs: e.DIRECTORY_SYNC_TICK_SECONDS * 1000,
    slaWarningMinutes: e.SLA_WARNING_MINUTES,
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
