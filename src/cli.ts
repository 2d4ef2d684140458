import { parseArgs, type ParseArgsConfig } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig, type Config } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { applySearchLanguage } from './db/search.ts';
import { applyBillingSettings } from './db/billing-settings.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { BackupError, backupConfigured, restoreConfigured } from './db/backup-configured.ts';
import type { Database } from './db/database.ts';
import { hashPassword, passwordProblem } from './auth/passwords.ts';
import { deleteSessionsOf } from './auth/sessions.ts';
import { demoAccountsPresent, seedDemo, type DemoSummary } from './demo/seed.ts';
import { pipeToServer } from './mail/inbound/pipe.ts';

type Command = {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(config: Config, values: Record<string, string | boolean | undefined>): Promise<void>;
};

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

class UsageError extends Error {}

/** A command that ends with its own exit code (mail-inbound speaks sysexits to the MTA). */
class ExitWith extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Refuses, as a usage error, a password the app itself would not accept. */
function refuseWeakPassword(password: string, personal: string[]): void {
  const problem = passwordProblem(password, personal);
  if (problem) throw new UsageError(`The password ${problem}.`);
}

async function withDatabase<T>(config: Config, command: string, fn: (database: Database) => Promise<T>) {
  const database = await openConfiguredDatabase(config, command);
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function printSignIns(summary: DemoSummary) {
  console.log('Demo sign-ins (password for all of them is shown once here):');
  for (const s of summary.signIns) {
    console.log(
      `  ${s.portal === 'staff' ? '/staff ' : '/portal'}  ${s.email.padEnd(40)} ${s.password}  ${s.who}`,
    );
  }
}

/** Runs one start-up step, saying what it does first and how long it took after. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  console.log(`${what}…`);
  const started = Date.now();
  const result = await run();
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * HOST when set; else 127.0.0.1 while a demo account (its password is published) can sign in,
 * and every interface otherwise.
 */
async function listenAddress(config: Config, database: Database): Promise<string> {
  if (config.host) return config.host;
  if (!(await demoAccountsPresent(database.db))) return '0.0.0.0';
  console.log(
    'Listening on 127.0.0.1 only: the demo accounts, whose password is published, can sign in. ' +
      'Set HOST=0.0.0.0 to listen on every interface (after disabling them or changing their passwords).',
  );
  return '127.0.0.1';
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
  return value;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Start the web server (migrates first; seeds the demo data into a new database).',
    usage: 'portico serve [--no-demo]',
    options: { 'no-demo': { type: 'boolean' } },
    async run(config, values) {
      const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
      const database = await step(`Opening the database: ${where}`, () =>
        openConfiguredDatabase(config, 'serve'),
      );
      const applied = await step('Applying database migrations', () => migrate(database));
      console.log(applied.length ? `  applied ${applied.join(', ')}` : '  the database was up to date');
      if (await applySearchLanguage(database.db, config.searchLanguage))
        console.log(`  search language set to ${config.searchLanguage}; the search vectors were rebuilt`);
      await applyBillingSettings(database.db, config.billing);
      const fresh = applied.includes('0001_init.sql');
      const demoWanted = !values['no-demo'] && process.env.PORTICO_DEMO_DATA !== 'false';
      const demo =
        fresh && demoWanted
          ? await step('Loading the demo data', () =>
              seedDemo(database.db, config.argon2, (part, made) => console.log(`  ${part}: ${made}`)),
            )
          : null;
      const host = await listenAddress(config, database);
      // Loaded here, not at the top: the other commands do not need the whole app, and loading
      // it (every module, mail and IMAP libraries) costs each of them seconds.
      const [{ buildApp }, { stopOnSignals }, { registerModules }] = await Promise.all([
        import('./http/app.ts'),
        import('./http/shutdown.ts'),
        import('./modules/routes.ts'),
      ]);
      const app = await buildApp({ database, config, routes: registerModules });
      stopOnSignals(app, database, config.shutdownTimeoutMs);
      await app.listen({ port: config.port, host });
      console.log(`\nPortico is running on ${config.publicUrl}  (database: ${where}; listening on ${host})`);
      console.log(
        `  Portal: ${config.publicUrl}/portal   Staff: ${config.publicUrl}/staff   API docs: ${config.publicUrl}/api/docs`,
      );
      if (demo) printSignIns(demo);
      else if (fresh)
        console.log('New database without demo data: create an administrator with `portico create-admin`.');
      else console.log('Demo sign-ins: see README.md (docs/demo.md).');
    },
  },
  migrate: {
    summary: 'Apply pending database migrations and exit.',
    usage: 'portico migrate',
    options: {},
    async run(config) {
      const database = await openConfiguredDatabase(config, 'migrate');
      try {
        const applied = await migrate(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.close();
      }
    },
  },
  'seed-demo': {
    summary: 'Load the demo data (once; does nothing if it is there already).',
    usage: 'portico seed-demo',
    options: {},
    async run(config) {
      await withDatabase(config, 'seed-demo', async (database) => {
        const demo = await seedDemo(database.db, config.argon2);
        if (demo) printSignIns(demo);
        else console.log('The demo data is already there; nothing changed.');
      });
    },
  },
  'create-admin': {
    summary: 'Create a staff administrator.',
    usage: 'portico create-admin --email EMAIL --password PASSWORD [--name NAME]',
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    async run(config, values) {
      const email = required(values, 'email').trim();
      const password = required(values, 'password');
      const name = typeof values.name === 'string' ? values.name : (email.split('@')[0] ?? email);
      refuseWeakPassword(password, [name, email]);
      await withDatabase(config, 'create-admin', async (database) => {
        const exists = await database.db
          .selectFrom('staff_users')
          .select('id')
          .where(sql`lower(email)`, '=', email.toLowerCase())
          .executeTakeFirst();
        if (exists)
          throw new UsageError(`A staff user with e-mail ${email} exists already (use reset-password).`);
        await database.db
          .insertInto('staff_users')
          .values({
            email,
            name,
            role: 'admin',
            can_impersonate: true,
            password_hash: await hashPassword(password, config.argon2),
          })
          .execute();
        console.log(`Administrator ${email} created. Sign in at ${config.publicUrl}/staff`);
      });
    },
  },
  'reset-password': {
    summary: 'Set a new password for a staff user or a contact, and sign them out everywhere.',
    usage: 'portico reset-password --email EMAIL [--password PASSWORD] [--contact]',
    options: { email: { type: 'string' }, password: { type: 'string' }, contact: { type: 'boolean' } },
    async run(config, values) {
      const email = required(values, 'email').trim();
      const generated = typeof values.password !== 'string';
      const password = generated ? randomBytes(12).toString('base64url') : (values.password as string);
      refuseWeakPassword(password, [email]);
      const table = values.contact ? 'contacts' : 'staff_users';
      await withDatabase(config, 'reset-password', async (database) => {
        const passwordHash = await hashPassword(password, config.argon2);
        const row = await database.db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable(table)
            .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
            .where(sql`lower(email)`, '=', email.toLowerCase())
            .returning('id')
            .executeTakeFirst();
          if (updated) {
            await deleteSessionsOf(
              trx,
              values.contact ? { contactId: updated.id } : { staffUserId: updated.id },
            );
          }
          return updated;
        });
        if (!row)
          throw new UsageError(`No ${values.contact ? 'contact' : 'staff user'} with e-mail ${email}.`);
        console.log(
          `Password of ${email} changed${generated ? ` to: ${password}` : ''}. Their sessions were ended.`,
        );
      });
    },
  },
  backup: {
    summary: 'Back up the database to a file, online (see docs/operations.md).',
    usage: 'portico backup [--out FILE]   (a running server: PORTICO_API_TOKEN, PORTICO_URL)',
    options: { out: { type: 'string' } },
    async run(config, values) {
      const out = typeof values.out === 'string' ? values.out : undefined;
      const done = await backupConfigured(config, out, process.env);
      console.log(`Backup written to ${done.out} (${done.source}).`);
    },
  },
  restore: {
    summary: 'Restore a backup into a new, empty data directory or PostgreSQL database.',
    usage:
      'portico restore --from FILE [--data-dir DIR]   (without --data-dir: DATABASE_URL or PORTICO_DATA_DIR)',
    options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
    async run(config, values) {
      const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
      const done = await restoreConfigured(config, required(values, 'from'), dataDir);
      console.log(
        `Restored into ${done.into} (${done.migrations} migrations, latest ${done.latestMigration ?? '-'}). ` +
          'Start Portico on it (serve applies any newer migrations).',
      );
    },
  },
  'mail-inbound': {
    summary: 'Hand one e-mail on standard input to the running server (for an MTA pipe).',
    usage:
      'portico mail-inbound < message.eml   (PORTICO_URL, INBOUND_MAIL_TOKEN; exit 1: refused, 75: try later)',
    options: {},
    async run(config) {
      const result = await pipeToServer(config, process.env, process.stdin);
      if (result.exitCode !== 0) throw new ExitWith(result.message, result.exitCode);
      console.log(result.message);
    },
  },
};

function printHelp() {
  console.log('Usage: portico <command> [options]\n\nCommands:');
  for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(16)}${c.summary}`);
  console.log(
    '\nRun `portico <command> --help` for its options. Settings come from the environment: see README.md.',
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command: ${name}\n`);
    printHelp();
    return 2;
  }
  try {
    const { values } = parseArgs({ args: rest, options: { ...command.options, ...HELP }, strict: true });
    if (values.help) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    await command.run(loadConfig(), values);
    return 0;
  } catch (error) {
    if (error instanceof ExitWith) {
      console.error(`portico ${name}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UsageError || error instanceof DataDirInUseError || error instanceof BackupError) {
      console.error(`portico ${name}: ${error.message}`);
      return error instanceof UsageError ? 2 : error instanceof DataDirInUseError ? 3 : 1;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`portico ${name}: ${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    console.error(`portico ${name} failed:`, error instanceof Error ? error.message : error);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// serve keeps running; every other command ends here.
if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
