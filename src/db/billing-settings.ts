import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Writes DEFAULT_CURRENCY and BILLING_TIME_ZONE into billing_settings (migration 0024) at
 * start-up, where portico_currency() and portico_invoice_state() read them: the states and
 * currencies are computed in SQL, so the database must know them. A time zone PostgreSQL does
 * not know is an error at start-up, not at the first invoice list. The first start after the
 * upgrade labels the amounts written before currencies with DEFAULT_CURRENCY.
 */
export async function applyBillingSettings(
  db: Kysely<DB>,
  settings: { defaultCurrency: string; timeZone: string },
): Promise<void> {
  await sql`select now() at time zone ${settings.timeZone}`.execute(db).catch(() => {
    throw new Error(`BILLING_TIME_ZONE: the database knows no time zone '${settings.timeZone}'`);
  });
  await db.transaction().execute(async (trx) => {
    const first = await sql<{ labelled: boolean }>`select labelled from billing_settings for update`.execute(
      trx,
    );
    if (!first.rows[0]?.labelled)
      // The amounts written before migration 0024 were in the one currency there was: this one.
      for (const table of ['quotes', 'invoices', 'payments', 'charges'])
        await sql`update ${sql.table(table)} set currency = ${settings.defaultCurrency}`.execute(trx);
    await sql`update billing_settings set default_currency = ${settings.defaultCurrency},
      time_zone = ${settings.timeZone}, labelled = true`.execute(trx);
  });
}
