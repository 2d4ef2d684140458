import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganization, privilegeGroupId } from '../support/factories.ts';

// The two forms of a rule (migration 0006): the compiled condition run when a group's rule is
// saved, and portico_rule_matches run when one contact is saved, must agree on every contact.
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

const word = fc.constantFrom(
  '',
  'accounting',
  'Accounting',
  'TECH',
  'tech',
  'north',
  "o'brien",
  'Ünïcode',
  'x',
);
const field = fc.constantFrom(
  'email',
  'title',
  'department',
  'organizationId',
  'attributes.site',
  'attributes.none',
);
const condition = fc.oneof(
  fc.record({
    field,
    op: fc.constantFrom('equals', 'not_equals', 'contains', 'starts_with', 'ends_with'),
    value: word,
  }),
  fc.record({ field, op: fc.constant('in'), value: fc.array(word, { minLength: 1, maxLength: 3 }) }),
  fc.record({ field, op: fc.constantFrom('is_empty', 'is_not_empty') }),
);
const rule = fc.record({
  operator: fc.constantFrom('all', 'any'),
  conditions: fc.array(condition, { minLength: 1, maxLength: 4 }),
});

describe('rule forms', () => {
  it('the compiled condition and portico_rule_matches select the same contacts', async () => {
    const db = testDb.database.db;
    const organization = await createOrganization(db);
    const group = await privilegeGroupId(db, 'limited');
    const people = [
      ['ann@north.test', 'Accounting', 'Clerk', { site: 'North' }],
      ['bob@tech.test', 'tech', "O'Brien", {}],
      ['ANNA@x.test', '', 'ünïcode lead', { site: 'south' }],
      ['c@x.TEST', 'accounting', '', { site: '' }],
    ] as const;
    for (const [email, department, title, attributes] of people) {
      await db
        .insertInto('contacts')
        .values({
          organization_id: organization.id,
          privilege_group_id: group,
          name: email,
          email,
          department,
          title,
          attributes: JSON.stringify(attributes),
        })
        .execute();
    }
    await fc.assert(
      fc.asyncProperty(rule, async (r) => {
        const saved = await db
          .insertInto('user_groups')
          .values({ name: `rule ${Math.random()}`, rule: JSON.stringify(r) })
          .returning('id')
          .executeTakeFirstOrThrow();
        const compiled = await db
          .selectFrom('user_group_rule_members')
          .select('contact_id')
          .where('user_group_id', '=', saved.id)
          .orderBy('contact_id')
          .execute();
        const perContact = await sql<{ contact_id: string }>`
          select c.id as contact_id from contacts c
          where portico_rule_matches(${JSON.stringify(r)}::jsonb, c) order by 1`.execute(db);
        expect(compiled.map((x) => x.contact_id)).toEqual(perContact.rows.map((x) => x.contact_id));
      }),
      { numRuns: 60 },
    );
  });
});
