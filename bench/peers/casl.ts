import { createMongoAbility, type MongoQuery } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ContactActor } from '../../src/authz/actor.ts';
import { membersOfGroups } from '../../src/authz/membership.ts';
import { loadGrants } from '../../src/authz/grants.ts';
import type { TicketView } from '../../src/authz/tickets/condition.ts';
import type { DB } from '../../src/db/schema.ts';
import { SUMMARY_SELECT, type PageShape, type Status } from '../ideal-sql.ts';

type Ast = NonNullable<ReturnType<typeof rulesToAST>>;
type Rule = { action: 'read'; subject: 'Ticket'; conditions: MongoQuery };

/**
 * CASL's recipe for lists (@casl/ability rulesToAST, as @ucast's SQL interpreters and
 * @casl/prisma's accessibleBy do): conditions on the ticket row's own attributes. Access through
 * a group or an organization tree is not an attribute, so it is pre-resolved per request into
 * id lists (members of the granted groups through the app's membership SQL; the tree's
 * organizations), and the page is OFFSET-paginated as an ORM does by default.
 */
async function caslRules(db: Kysely<DB>, actor: ContactActor, view: TicketView): Promise<Rule[]> {
  const rule = (conditions: MongoQuery): Rule => ({ action: 'read', subject: 'Ticket', conditions });
  const rules: Rule[] = [];
  if (view === 'mine' || view === 'all') rules.push(rule({ requester_id: actor.id }));
  if ((view === 'organization' || view === 'all') && actor.ticketScope !== 'own') {
    const orgs =
      actor.ticketScope === 'organization'
        ? [actor.organizationId]
        : (
            await sql<{ id: string }>`select descendant_id as id from organization_closure
              where ancestor_id = ${actor.organizationId}::uuid`.execute(db)
          ).rows.map((r) => r.id);
    rules.push(rule({ organization_id: { $in: orgs }, private: false }));
    if (view === 'organization') rules.push(rule({ organization_id: { $in: orgs }, requester_id: actor.id }));
  }
  const reaches = [actor.grants.read, actor.grants.write];
  if ((view === 'groups' || view === 'all') && reaches.includes('everyone'))
    rules.push(rule({ private: false }));
  else if ((view === 'groups' || view === 'all') && reaches.includes('groups')) {
    // CASL's rules are built from what the app knows of the contact: its granted groups' ids.
    const groupIds = (await loadGrants(db, actor.id)).map((g) => g.groupId);
    const members = (
      await sql<{ contact_id: string }>`select m.contact_id from ${membersOfGroups(groupIds)} m`.execute(db)
    ).rows.map((r) => r.contact_id);
    rules.push(rule({ requester_id: { $in: members }, private: false }));
  }
  return rules;
}

const param = (v: unknown) => (typeof v === 'string' ? sql`${v}::uuid` : sql`${v}`);

/** A small @ucast-style interpreter: the AST's eq / in / and / or / not into SQL over `t`. */
function toSql(node: Ast): RawBuilder<boolean> {
  const n = node as { operator: string; value: unknown; field?: string };
  switch (n.operator) {
    case 'and':
    case 'or': {
      const parts = (n.value as Ast[]).map(toSql);
      return parts.length === 0
        ? sql<boolean>`${n.operator === 'and'}`
        : sql<boolean>`(${sql.join(parts, sql.raw(` ${n.operator} `))})`;
    }
    case 'not':
      return sql<boolean>`not ${toSql(n.value as Ast)}`;
    case 'eq':
      return sql<boolean>`${sql.ref(`t.${n.field}`)} = ${param(n.value)}`;
    case 'in':
      return sql<boolean>`${sql.ref(`t.${n.field}`)} = any(${n.value as string[]}::uuid[])`;
    default:
      throw new Error(`CASL replay: operator ${n.operator} not interpreted`);
  }
}

export async function caslPage(
  db: Kysely<DB>,
  actor: ContactActor,
  view: TicketView,
  status: Status,
  shape: PageShape,
): Promise<string[]> {
  const ability = createMongoAbility(await caslRules(db, actor, view));
  const ast = rulesToAST(ability, 'read', 'Ticket');
  const where = ast ? toSql(ast) : sql<boolean>`false`;
  const rows = await sql<{ id: string }>`select ${SUMMARY_SELECT} from tickets t
    join contacts c on c.id = t.requester_id join organizations o on o.id = t.organization_id
    where ${where} and ${status === 'open' ? sql`t.status in ('open', 'pending')` : sql`true`}
    order by t.last_activity_at desc, t.id desc limit 26 offset ${shape.offset ?? 0}`.execute(db);
  return rows.rows.map((r) => r.id);
}
