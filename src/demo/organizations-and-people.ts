import { sql } from 'kysely';
import { seedPrivilegeGroups } from './privilege-groups.ts';
import { daysAgo, pick, uuidV7, type DemoContact, type DemoContext } from './util.ts';

/** Organization tree: key, name, parent key. Parents come before their children. */
const ORGANIZATIONS: Array<[key: string, name: string, parent?: string]> = [
  ['district', 'Shoe String School District'],
  ['almond', 'Almond School', 'district'],
  ['birch', 'Birch School', 'district'],
  ['cedar', 'Cedar High School', 'district'],
  ['northwind', 'Northwind Traders'],
  ['contoso', 'Contoso Dental'],
  ['eastside', 'Contoso Dental – Eastside', 'contoso'],
  ['fabrikam', 'Fabrikam Architects'],
];

export const DEMO_STAFF: Record<'admin' | 'agent', { email: string; name: string; role: 'admin' | 'agent' }> =
  {
    admin: { email: 'admin@portico.example', name: 'Alex Morgan', role: 'admin' },
    agent: { email: 'agent@portico.example', name: 'Sam Rivera', role: 'agent' },
  };

type ContactSpec = {
  key: string;
  org: string;
  /** A system key (no_portal_access, limited, partial, full) or a key of CUSTOM_PRIVILEGE_GROUPS. */
  group: string;
  name: string;
  email: string;
  title: string;
  department: string;
  phone: string;
  attributes: Record<string, string>;
  disabled: boolean;
  /** Invitation pending: no password yet. */
  invited: boolean;
};

// key | organization | privilege group | name | e-mail | title | department | phone | attributes | flags
const CONTACT_TABLE = `
dana     | district  | partial          | Dana Whitfield  | dana.whitfield@shoestring.example       | District IT Manager             | technical      | +1 555 0100 | site=District office |
robert   | district  | district_manager | Robert Haines   | robert.haines@shoestring.example        | District Business Manager       | accounting     | +1 555 0101 | site=District office |
patricia | district  | no_portal_access | Patricia Moreno | patricia.moreno@shoestring.example      | Superintendent                  | administration |             |                      | invited
margaret | almond    | school_principal | Margaret Ellis  | margaret.ellis@almond.shoestring.example | Principal                      | administration | +1 555 0110 |                      |
linda    | almond    | school_staff     | Linda Park      | linda.park@almond.shoestring.example    | Office Manager                  | administration | +1 555 0111 | room=Front office    |
tom      | almond    | school_staff     | Tom Becker      | tom.becker@almond.shoestring.example    | Grade 5 Teacher                 | teaching       |             | room=12              |
rachel   | almond    | limited          | Rachel Nguyen   | rachel.nguyen@almond.shoestring.example | Grade 3 Teacher                 | teaching       |             | room=7               |
carlos   | almond    | school_staff     | Carlos Mendes   | carlos.mendes@almond.shoestring.example | Library Media Specialist        | teaching       |             | room=Library         |
emily    | almond    | school_staff     | Emily Chen      | emily.chen@almond.shoestring.example    | Student Teacher                 | teaching       |             | room=12              | invited
helen    | birch     | school_principal | Helen Foster    | helen.foster@birch.shoestring.example   | Principal                       | administration | +1 555 0120 |                      |
marcus   | birch     | school_staff     | Marcus Reid     | marcus.reid@birch.shoestring.example    | Grade 4 Teacher                 | teaching       |             | room=4B              |
priya    | birch     | school_staff     | Priya Shah      | priya.shah@birch.shoestring.example     | School Secretary                | administration |             | room=Front office    |
james    | cedar     | school_principal | James O'Connor  | james.oconnor@cedar.shoestring.example  | Assistant Principal             | administration | +1 555 0130 |                      |
sofia    | cedar     | school_staff     | Sofia Rossi     | sofia.rossi@cedar.shoestring.example    | Chemistry Teacher               | teaching       |             | room=Lab 2           |
kevin    | cedar     | partial          | Kevin Walsh     | kevin.walsh@cedar.shoestring.example    | Computer Lab Technician         | technical      |             | room=Lab 1           |
ellen    | cedar     | school_staff     | Ellen Burke     | ellen.burke@cedar.shoestring.example    | English Teacher (retired)       | teaching       |             | room=210             | disabled
laura    | northwind | accounting       | Laura Callahan  | laura.callahan@northwind.example        | Accounts Payable Manager        | accounting     | +1 555 0140 | site=Seattle HQ; costCenter=FIN-100 |
steven   | northwind | accounting       | Steven Buchanan | steven.buchanan@northwind.example       | Controller                      | accounting     |             | site=Seattle HQ; costCenter=FIN-100 |
andrew   | northwind | partial          | Andrew Fuller   | andrew.fuller@northwind.example         | IT Lead                         | technical      | +1 555 0142 | site=Seattle HQ; costCenter=IT-200 |
janet    | northwind | limited          | Janet Leverling | janet.leverling@northwind.example       | Warehouse Systems Administrator | technical      |             | site=Tacoma warehouse; costCenter=OPS-300 |
nancy    | northwind | no_portal_access | Nancy Davolio   | nancy.davolio@northwind.example         | Sales Representative            | sales          |             | site=Seattle HQ      |
michael  | northwind | limited          | Michael Suyama  | michael.suyama@northwind.example        | IT Technician (left in March)   | technical      |             | site=Tacoma warehouse | disabled
grace    | contoso   | full             | Grace Kim       | grace.kim@contosodental.example         | Practice Manager                | management     | +1 555 0150 |                      |
alan     | contoso   | limited          | Alan Brooks     | alan.brooks@contosodental.example       | Dentist                         | clinical       |             |                      |
maya     | eastside  | partial          | Maya Fischer    | maya.fischer@contosodental.example      | Front Desk Lead                 | reception      |             | site=Eastside        |
oliver   | fabrikam  | full             | Oliver Grant    | oliver.grant@fabrikam.example           | Managing Partner                | management     |             |                      |
zoe      | fabrikam  | limited          | Zoe Adams       | zoe.adams@fabrikam.example              | CAD Technician                  | technical      |             |                      |
`;

export const DEMO_CONTACTS: ContactSpec[] = CONTACT_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [key, org, group, name, email, title, department, phone, attributes, flags] = line
      .split('|')
      .map((cell) => cell.trim());
    const pairs = (attributes ?? '').split(';').filter((p) => p.includes('='));
    return {
      key: key ?? '',
      org: org ?? '',
      group: group ?? '',
      name: name ?? '',
      email: email ?? '',
      title: title ?? '',
      department: department ?? '',
      phone: phone ?? '',
      attributes: Object.fromEntries(pairs.map((p) => p.split('=').map((x) => x.trim()))),
      disabled: flags === 'disabled',
      invited: flags === 'invited',
    };
  });

export async function seedOrganizationsAndPeople(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  for (const [i, [key, name, parent]] of ORGANIZATIONS.entries()) {
    const at = daysAgo(now, 400 - i);
    const row = await trx
      .insertInto('organizations')
      .values({
        id: uuidV7(at),
        name,
        parent_id: parent ? pick(ctx.orgs, parent) : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.orgs[key] = row.id;
  }

  // Staff: an existing account with the demo address (e.g. made by create-admin) is kept as it is.
  for (const key of ['admin', 'agent'] as const) {
    const s = DEMO_STAFF[key];
    const existing = await trx
      .selectFrom('staff_users')
      .select('id')
      .where(sql`lower(email)`, '=', s.email)
      .executeTakeFirst();
    const at = daysAgo(now, 420);
    let id = existing?.id;
    if (!id) {
      const row = await trx
        .insertInto('staff_users')
        .values({
          id: uuidV7(at),
          email: s.email,
          name: s.name,
          role: s.role,
          can_impersonate: s.role === 'admin',
          password_hash: ctx.passwordHash,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      ctx.createdStaff.push(s.email);
    }
    ctx.staff[key] = id;
  }

  const groupIds = await seedPrivilegeGroups(ctx);
  for (const [i, s] of DEMO_CONTACTS.entries()) {
    const at = daysAgo(now, 360 - i * 3);
    const row = await trx
      .insertInto('contacts')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, s.org),
        privilege_group_id: pick(groupIds, s.group),
        name: s.name,
        email: s.email,
        phone: s.phone,
        title: s.title,
        department: s.department,
        attributes: JSON.stringify(s.attributes),
        disabled: s.disabled,
        password_hash: s.invited ? null : ctx.passwordHash,
        created_at: at,
        updated_at: at,
      })
      .returning(['id', 'name', 'email', 'organization_id'])
      .executeTakeFirstOrThrow();
    const contact: DemoContact = {
      id: row.id,
      name: row.name,
      email: row.email,
      organizationId: row.organization_id,
    };
    ctx.contacts[s.key] = contact;
  }
}
