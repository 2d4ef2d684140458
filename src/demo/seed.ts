import { sql, type Kysely, type Transaction } from 'kysely';
import { hashPassword, type Argon2Settings } from '../auth/passwords.ts';
import type { DB } from '../db/schema.ts';
import { seedBilling } from './billing.ts';
import { seedCannedResponses } from './canned-responses.ts';
import { seedDocumentsAndKb } from './content.ts';
import { seedGroups } from './groups.ts';
import { DEMO_CONTACTS, DEMO_STAFF, seedOrganizationsAndPeople } from './organizations-and-people.ts';
import { seedContracts } from './contracts.ts';
import { seedAssets } from './records.ts';
import { seedTickets } from './tickets.ts';
import { seedSla } from './sla.ts';
import { seedTeams } from './teams.ts';
import type { DemoContext } from './util.ts';

/** Told each step of the demo data as it is done, with what it made ("12 tickets, 40 comments"). */
export type SeedProgress = (step: string, made: string) => void;

// The steps in order, each with the tables whose rows it adds (counted for the progress lines).
const STEPS: Array<[step: string, run: (ctx: DemoContext) => Promise<unknown>, tables: Array<keyof DB>]> = [
  ['organizations and people', seedOrganizationsAndPeople, ['organizations', 'contacts', 'staff_users']],
  ['groups', seedGroups, ['user_groups', 'privilege_groups']],
  ['assets', seedAssets, ['assets']],
  ['contracts', seedContracts, ['contracts']],
  ['tickets', seedTickets, ['tickets', 'ticket_comments']],
  ['SLAs', seedSla, ['sla_policies']],
  ['teams', seedTeams, ['staff_teams', 'staff_team_members']],
  ['billing', seedBilling, ['quotes', 'invoices', 'payments']],
  ['documents and knowledge base', seedDocumentsAndKb, ['documents', 'kb_articles']],
  ['canned responses', seedCannedResponses, ['canned_responses']],
];

async function counts(trx: Transaction<DB>, tables: Array<keyof DB>): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const row = await trx
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    parts.push(`${row.n} ${table.replace(/_/g, ' ')}`);
  }
  return parts.join(', ');
}

export type DemoSummary = {
  signIns: Array<{ portal: 'staff' | 'portal'; email: string; password: string; who: string }>;
};

/** The one password of every demo account (staff and contacts). */
export const DEMO_PASSWORD = 'portico-demo-2026';

/** The organization whose presence means the demo data is already there. */
export const DEMO_MARKER_ORGANIZATION = 'Shoe String School District';

/** Contacts listed as demo sign-ins (all can sign in), with what each shows. */
const PORTAL_SIGN_INS: Array<[key: string, who: string]> = [
  ['linda', "Linda Park, Almond School office manager: super customer, write grant on 'Almond School Staff'"],
  ['margaret', "Margaret Ellis, Almond principal: 'School Principal', every Almond ticket (write), quotes"],
  ['tom', "Tom Becker, Almond teacher: 'School Staff', own tickets only"],
  ['rachel', 'Rachel Nguyen, Almond teacher: Limited (system group), has a private ticket'],
  ['dana', "Dana Whitfield, district IT manager: Partial + read grant on 'Shoe String School District'"],
  ['robert', "Robert Haines, district business manager: 'District Manager' (whole tree, read) + accounting"],
  [
    'kevin',
    "Kevin Walsh, Cedar lab technician: Partial + write grant on 'Almond School Staff' expiring soon",
  ],
  ['helen', "Helen Foster, Birch principal: her read grant on 'Almond School Staff' has expired"],
  ['laura', "Laura Callahan, Northwind accounting: 'Accounting' group, invoices, quotes and payments"],
  ['andrew', 'Andrew Fuller, Northwind IT lead (technical): Partial, tickets but no invoices or quotes'],
  ['janet', 'Janet Leverling, Northwind warehouse (technical): Limited, own tickets and assets'],
  ['grace', 'Grace Kim, Contoso Dental practice manager: Full (whole organization, write), billing contact'],
  ['maya', 'Maya Fischer, Contoso Dental – Eastside front desk: Partial'],
];

const canSignIn = (key: string) => {
  const c = DEMO_CONTACTS.find((x) => x.key === key);
  return !!c && !c.disabled && !c.invited && c.group !== 'no_portal_access';
};

/**
 * Loads the demo data in one transaction. Returns null and changes nothing when it is already
 * there; otherwise the accounts to sign in with. A staff account that already exists under a
 * demo address is left as it is and not listed.
 */
export async function seedDemo(
  db: Kysely<DB>,
  argon2: Argon2Settings,
  progress?: SeedProgress,
): Promise<DemoSummary | null> {
  const present = () =>
    db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', DEMO_MARKER_ORGANIZATION)
      .executeTakeFirst();
  if (await present()) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD, argon2);
  const createdStaff = await db.transaction().execute(async (trx) => {
    // Checked again inside: a second instance may have seeded in the meantime.
    const again = await trx
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', DEMO_MARKER_ORGANIZATION)
      .executeTakeFirst();
    if (again) return null;
    const ctx: DemoContext = {
      trx,
      now: new Date(),
      passwordHash,
      staff: { admin: '', agent: '' },
      createdStaff: [],
      orgs: {},
      contacts: {},
      userGroups: {},
      assets: {},
      contracts: {},
    };
    for (const [step, run, tables] of STEPS) {
      await run(ctx);
      if (progress) progress(step, await counts(trx, tables));
    }
    return ctx.createdStaff;
  });
  if (!createdStaff) return null;

  const staff = Object.values(DEMO_STAFF)
    .filter((s) => createdStaff.includes(s.email))
    .map((s) => ({
      portal: 'staff' as const,
      email: s.email,
      password: DEMO_PASSWORD,
      who: s.role === 'admin' ? `${s.name}, administrator (can impersonate)` : `${s.name}, agent`,
    }));
  const contacts = PORTAL_SIGN_INS.filter(([key]) => canSignIn(key)).map(([key, who]) => ({
    portal: 'portal' as const,
    email: DEMO_CONTACTS.find((c) => c.key === key)?.email ?? '',
    password: DEMO_PASSWORD,
    who,
  }));
  return { signIns: [...staff, ...contacts] };
}

/**
 * Whether an account of the demo data can still sign in (it has the published password unless
 * someone changed it): the server then listens on 127.0.0.1 only, unless HOST says otherwise.
 */
export async function demoAccountsPresent(db: Kysely<DB>): Promise<boolean> {
  const staff = Object.values(DEMO_STAFF).map((s) => s.email);
  const contacts = DEMO_CONTACTS.filter((c) => canSignIn(c.key)).map((c) => c.email);
  const found = await db
    .selectFrom('staff_users')
    .select('id')
    .where('email', 'in', staff)
    .where('disabled', '=', false)
    .union(
      db.selectFrom('contacts').select('id').where('email', 'in', contacts).where('disabled', '=', false),
    )
    .limit(1)
    .executeTakeFirst();
  return !!found;
}
