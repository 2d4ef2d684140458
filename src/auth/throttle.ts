import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

export type ThrottleSettings = { maxPerAccount: number; maxPerIp: number; blockSeconds: number };

const tooMany = (seconds: number) =>
  new AppError('too_many_requests', 'Too many attempts. Try again later.', { retryAfterSeconds: seconds });

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const resetKey = (email: string) => `reset:${email.trim().toLowerCase()}`;
// Password-reset mails per address per window: enough for a person, too few to flood a mailbox.
const MAX_RESETS_PER_ACCOUNT = 3;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Failed sign-ins are counted per account and per IP in the database, so every app instance
 * shares them. Past the limit the key is blocked for a while (429) instead of locked for good,
 * which an attacker could use to lock real users out.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Throws 429 when either key is blocked. Call before any password is hashed. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const blocked = await this.blockedSeconds([accountKey(email), ipKey(ip)]);
    if (blocked) throw tooMany(blocked);
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

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.bump(accountKey(email), this.settings.maxPerAccount);
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

  async recordSuccess(email: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', accountKey(email)).execute();
  }

  private async bump(key: string, max: number): Promise<void> {
    const window = sql`make_interval(secs => ${this.settings.blockSeconds})`;
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
