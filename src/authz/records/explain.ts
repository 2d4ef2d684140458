import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { maySignIn, type ContactActor, type LoadedContact } from '../actor.ts';
import type { Module, Privilege } from '../privileges.ts';
import { membershipReasons, type MembershipReason } from '../membership.ts';
import { RECORD_RULES, visibleArticles, visibleRecords, type RecordKind } from './condition.ts';
import { gateDenial } from '../contacts.ts';
import { settle, type AccessPath, type ActionExplanation, type Denial } from '../explanation.ts';

/**
 * Explain for the records that are not tickets. As for tickets (tickets/explain.ts) the verdict
 * is the scope builder's answer for the contact's actor (records/condition.ts) behind the sign-in gate;
 * the facts read here only say why.
 */

export type RecordType = 'asset' | 'quote' | 'invoice' | 'document' | 'article';

type Spec = {
  table: (typeof RECORD_RULES)[RecordKind]['table'] | 'kb_articles';
  module: Module;
  privilege: Privilege;
  visible: (actor: ContactActor) => Expression<SqlBool>;
  /** The second action: its name, what it needs beyond seeing, its wording. */
  extra?: { action: string; privilege?: Privilege; verb: string; cannot: string };
};

/** A record kind's spec from its rule (records/condition.ts): the same gates and the same condition. */
const ofRule = (kind: 'asset' | 'quote' | 'invoice' | 'document', extra: Spec['extra']): Spec => {
  const { table, module, privilege } = RECORD_RULES[kind];
  return {
    table,
    module,
    privilege,
    visible: (actor) => visibleRecords(actor, kind, 'x'),
    extra,
  };
};

const SPECS: Record<RecordType, Spec> = {
  asset: ofRule('asset', {
    action: 'configNotes',
    privilege: 'assets.config_notes.view',
    verb: 'may read the configuration notes of',
    cannot: 'read the configuration notes of',
  }),
  quote: ofRule('quote', {
    action: 'accept',
    privilege: 'quotes.accept',
    verb: 'may accept or decline',
    cannot: 'accept or decline',
  }),
  invoice: ofRule('invoice', {
    action: 'download',
    verb: 'may download the PDF of',
    cannot: 'download the PDF of',
  }),
  document: ofRule('document', { action: 'download', verb: 'may download', cannot: 'download' }),
  article: {
    table: 'kb_articles',
    module: 'kb',
    privilege: 'kb.view',
    visible: (actor) => visibleArticles(actor, 'x'),
    extra: {
      action: 'download',
      privilege: 'kb.files.download',
      verb: 'may download the files of',
      cannot: 'download the files of',
    },
  },
};

type Facts = {
  id: string;
  label: string;
  draft: boolean;
  visible: boolean;
  organization_id: string | null;
  organization_name: string | null;
  linked: boolean;
  public: boolean;
  published: boolean;
  scope_depth: number | null;
  groups: { id: string; name: string; reasons: MembershipReason[] }[] | null;
};

async function facts(db: Kysely<DB>, type: RecordType, actor: ContactActor, id: string) {
  const spec = SPECS[type];
  const org = type === 'article' ? sql`null::uuid` : sql.ref('x.organization_id');
  const label =
    type === 'asset'
      ? sql`x.name`
      : type === 'invoice'
        ? sql`'#' || x.number`
        : type === 'quote'
          ? sql`'#' || x.number || ' ' || x.title`
          : sql`x.title`;
  const me = { id: sql<string>`${actor.id}::uuid`, org: sql<string>`${actor.organizationId}::uuid` };
  const { rows } = await sql<Facts>`
    select x.id, ${label} as label, coalesce(${spec.visible(actor)}, false) as visible,
      ${org} as organization_id, (select o.name from organizations o where o.id = ${org}) as organization_name,
      ${type === 'asset' ? sql`x.contact_id is not distinct from ${me.id}` : sql`false`} as linked,
      ${type === 'document' ? sql`x.public` : sql`true`} as public,
      ${type === 'quote' || type === 'invoice' ? sql`x.status = 'draft'` : sql`false`} as draft,
      ${type === 'article' ? sql`x.published` : sql`true`} as published,
      (select sc.depth from organization_closure sc where sc.ancestor_id = ${me.org} and sc.descendant_id = ${org}) as scope_depth,
      ${
        type === 'article'
          ? sql`case when x.visibility = 'groups' then coalesce((
              select json_agg(json_build_object('id', ug.id, 'name', ug.name,
                'reasons', ${membershipReasons(me.id, me.org, sql.ref('ug.id'))}) order by ug.name)
              from kb_article_groups kg join user_groups ug on ug.id = kg.user_group_id
              where kg.article_id = x.id), '[]'::json) end`
          : sql`null`
      } as groups
    from ${sql.table(spec.table)} x where x.id = ${id}::uuid`.execute(db);
  return rows[0];
}

function scopePath(contact: LoadedContact, f: Facts, verb: string, name: string): AccessPath | undefined {
  const { actor } = contact;
  const inScope =
    actor.recordScope === 'organization_tree'
      ? f.scope_depth !== null
      : f.organization_id === actor.organizationId;
  if (!inScope || !f.organization_id) return undefined;
  const where =
    f.organization_id === actor.organizationId
      ? `it belongs to its organization '${f.organization_name}'`
      : `its organization '${f.organization_name}' is under the contact's organization '${contact.organizationName}'`;
  return {
    kind: 'scope',
    level: 'read',
    text: `${verb} ${name}: ${where} (record scope ${actor.recordScope})`,
    data: {
      recordScope: actor.recordScope,
      organization: { id: f.organization_id, name: f.organization_name },
    },
  };
}

function paths(type: RecordType, contact: LoadedContact, f: Facts, verb: string, name: string): AccessPath[] {
  if (type === 'article') {
    if (f.groups === null)
      return [
        {
          kind: 'public',
          level: 'read',
          text: `${verb} ${name}: it is public to every portal user`,
          data: {},
        },
      ];
    return f.groups
      .filter((g) => g.reasons.length > 0)
      .map((g) => ({
        kind: 'group' as const,
        level: 'read' as const,
        text: `${verb} ${name}: it is shown to user group '${g.name}' and the contact is a member (${g.reasons.join(', ')})`,
        data: { userGroup: { id: g.id, name: g.name }, reasons: g.reasons },
      }));
  }
  const out: AccessPath[] = [];
  if (f.linked)
    out.push({
      kind: 'own',
      level: 'read',
      text: `${verb} ${name}: the asset is linked to the contact`,
      data: {},
    });
  if (type === 'asset' && contact.actor.recordScope === 'own') return out;
  const scope = scopePath(contact, f, verb, name);
  if (scope) out.push(scope);
  return out;
}

function recordDenial(type: RecordType, contact: LoadedContact, f: Facts, cannot: string): Denial {
  if (f.draft)
    return { reason: 'draft', text: `${cannot}: it is a draft, which contacts never see`, data: {} };
  if (!f.published)
    return { reason: 'not_published', text: `${cannot}: the article is not published`, data: {} };
  if (!f.public)
    return { reason: 'not_public', text: `${cannot}: the document is not marked public`, data: {} };
  if (type === 'article')
    return {
      reason: 'not_reached',
      text: `${cannot}: it is shown only to ${(f.groups ?? []).map((g) => `'${g.name}'`).join(', ')} and the contact is a member of none`,
      data: { userGroups: (f.groups ?? []).map((g) => ({ id: g.id, name: g.name })) },
    };
  const scope = contact.actor.recordScope;
  const linkNote = type === 'asset' ? ' and the asset is not linked to the contact' : '';
  return {
    reason: 'not_reached',
    text: `${cannot}: its organization '${f.organization_name}' is outside the record scope (${scope}${type === 'asset' && scope === 'own' ? ': linked assets only' : ''})${linkNote}`,
    data: { recordScope: scope, organization: { id: f.organization_id, name: f.organization_name } },
  };
}

export type RecordExplanation = {
  record: { type: RecordType; id: string; label: string };
  actions: ActionExplanation[];
};

export async function explainRecord(
  db: Kysely<DB>,
  contact: LoadedContact,
  type: RecordType,
  id: string,
): Promise<RecordExplanation | undefined> {
  const spec = SPECS[type];
  const f = await facts(db, type, contact.actor, id);
  if (!f) return undefined;
  const name = `${type} ${f.label}`;
  const see = maySignIn(contact) && f.visible === true;
  const specs = [
    { action: 'see', verb: 'sees', cannot: 'see', privileges: [spec.privilege], allowed: see },
    ...(spec.extra
      ? [
          {
            ...spec.extra,
            privileges: [spec.privilege, ...(spec.extra.privilege ? [spec.extra.privilege] : [])],
            allowed: see && (!spec.extra.privilege || contact.actor.privileges.has(spec.extra.privilege)),
          },
        ]
      : []),
  ];
  const actions: ActionExplanation[] = [];
  for (const a of specs) {
    const cannot = `cannot ${a.cannot} ${name}`;
    let denial = await gateDenial(db, contact, { modules: [spec.module], privileges: a.privileges }, cannot);
    let found: AccessPath[] = [];
    if (!denial && (f.draft || !f.published || !f.public)) denial = recordDenial(type, contact, f, cannot);
    if (!denial) {
      found = paths(type, contact, f, a.verb, name);
      if (found.length === 0) denial = recordDenial(type, contact, f, cannot);
    }
    actions.push(settle(a.action, a.allowed, found, denial, cannot));
  }
  return { record: { type, id: f.id, label: f.label }, actions };
}
