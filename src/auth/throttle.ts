import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

export type ThrottleSettings = { maxPerAccount: number; maxPerIp: number; blockSeconds: number };

const tooMany = (seconds: number) =>
  new AppError('too_many_requests', 'Too many attempts. Try again later.', { retryAfterSeconds: seconds });

const normal = (email: string) => email.trim().toLowerCase();
/** The account as attacked from one address: the unit of the hard limit. */
const accountIpKey = (email: string, ip: string) => `account_ip:${normal(email)}|${ip}`;
const resetKey = (email: string) => `reset:${normal(email)}`;
// Password-reset mails per address per window: enough for a person, too few to flood a mailbox.
const MAX_RESETS_PER_ACCOUNT = 3;
const ipKey = (ip: string) => `ip:${ip}`;
// The longest block a key can reach by doubling (a day), and the slow-down of a busy address.
const MAX_BLOCK_SECONDS = 24 * 60 * 60;
const DELAY_BASE_MS = 250;
const MAX_DELAY_MS = 4000;

/**
 * Sign-in attempts are counted in the database, so every app instance shares them.
 *
 * - Per account and address: the attempt is counted atomically BEFORE the password is hashed
 *   (claimAttempt), so parallel guesses cannot all slip under the limit. Past the limit the pair
 *   is blocked for a while (429), each block twice as long as the one before; a correct password
 *   ends the count.
 * - Per address: failures over every account. An address past its limit is slowed down
 *   (progressive delay) but not refused for accounts it never attacked, so one noisy machine
 *   behind a school's shared address does not lock everyone else out.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: ThrottleSettings,
  ) {}

  /**
   * Counts one sign-in attempt of `email` from `ip` and throws 429 past the limit; returns once
   * the caller may check the password. Call before any password is hashed.
   */
  async claimAttempt(email: string, ip: string): Promise<void> {
    const key = accountIpKey(email, ip);
    const claimed = await this.count(key);
    if (claimed.blockedSeconds) throw tooMany(claimed.blockedSeconds);
    if (claimed.attempts > this.settings.maxPerAccount) throw tooMany(await this.block(key));
    const excess = await this.ipExcess(ip);
    if (excess > 0) await sleep(Math.min(MAX_DELAY_MS, DELAY_BASE_MS * 2 ** Math.min(excess - 1, 8)));
  }

  /** A wrong password: the attempt is already counted for the account; count it for the address. */
  async recordFailure(ip: string): Promise<void> {
    await this.bump(ipKey(ip), this.settings.maxPerIp);
  }

  /**
   * Counts a password-reset request against the address (its own key, so resets never lock the
   * account's sign-in) and the IP; throws 429 past the limit.
   */
  async countResetRequest(email: string, ip: string): Promise<void> {
    const blocked = await this.blockedSeconds([resetKey(email), ipKey(ip)]);
    if (blocked) throw tooMany(blocked);
    await this.bump(resetKey(email), MAX_RESETS_PER_ACCOUNT);
    await this.bump(ipKey(ip), this.settings.maxPerIp);
  }

  /** The right password: the account's count from this address starts over. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', accountIpKey(email, ip)).execute();
  }

  private window() {
    return sql`make_interval(secs => ${this.settings.blockSeconds})`;
  }

  /**
   * One attempt more, in one statement (the row lock orders parallel attempts): the count starts
   * over when the window has passed and no block is running; a block long over is forgotten.
   */
  private async count(key: string): Promise<{ attempts: number; blockedSeconds: number }> {
    const window = this.window();
    const blockRunning = sql<boolean>`coalesce(login_throttle.blocked_until > now(), false)`;
    const stale = sql<boolean>`(login_throttle.window_started_at < now() - ${window} and not ${blockRunning})`;
    const row = await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, window_started_at: sql<Date>`now()` })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else login_throttle.failures + 1 end`,
          window_started_at: sql<Date>`case when ${stale} then now() else login_throttle.window_started_at end`,
          blocks: sql<number>`case when login_throttle.blocked_until < now() - interval '1 day' then 0 else login_throttle.blocks end`,
        }),
      )
      .returning([
        'failures',
        sql<number>`coalesce(ceil(extract(epoch from blocked_until - now()))::int, 0)`.as('seconds'),
      ])
      .executeTakeFirstOrThrow();
    return { attempts: row.failures, blockedSeconds: Math.max(0, row.seconds) };
  }

  /** Starts a block (twice as long as the last one) unless one is running; answers its seconds. */
  private async block(key: string): Promise<number> {
    const base = this.settings.blockSeconds;
    await this.db
      .updateTable('login_throttle')
      .set({
        blocked_until: sql<Date>`now() + make_interval(secs => least(${MAX_BLOCK_SECONDS}, ${base} * power(2, least(blocks, 20))))`,
        blocks: sql<number>`blocks + 1`,
      })
      .where('key', '=', key)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', sql<Date>`now()`)]))
      .execute();
    return (await this.blockedSeconds([key])) || 1;
  }

  /** How far the address is past its failure limit (0: not). */
  private async ipExcess(ip: string): Promise<number> {
    const row = await this.db
      .selectFrom('login_throttle')
      .select('failures')
      .where('key', '=', ipKey(ip))
      .where('window_started_at', '>=', sql<Date>`now() - ${this.window()}`)
      .executeTakeFirst();
    return row ? Math.max(0, row.failures - this.settings.maxPerIp + 1) : 0;
  }

  private async blockedSeconds(keys: string[]): Promise<number> {
    const row = await this.db
      .selectFrom('login_throttle')
      .select(sql<number>`ceil(extract(epoch from max(blocked_until) - now()))::int`.as('seconds'))
      .where('key', 'in', keys)
      .where('blocked_until', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row?.seconds ? Math.max(1, row.seconds) : 0;
  }

  private async bump(key: string, max: number): Promise<void> {
    const window = this.window();
    const stale = sql<boolean>`login_throttle.window_started_at < now() - ${window}`;
    await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, window_started_at: sql<Date>`now()` })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else login_throttle.failures + 1 end`,
          window_started_at: sql<Date>`case when ${stale} then now() else login_throttle.window_started_at end`,
        }),
      )
      .execute();
    await this.db
      .updateTable('login_throttle')
      .set({ blocked_until: sql<Date>`now() + ${window}` })
      .where('key', '=', key)
      .where('failures', '>=', max)
      .execute();
  }
}
