import { describe, expect, it } from 'vitest';
import { checkMigrations, lintMigration } from '../../scripts/migration-lint.ts';

const whys = (sqlText: string) => lintMigration('x.sql', sqlText).map((p) => p.why);

describe('migration lint (expand, then contract: docs/contributing.md)', () => {
  it('migrations since the previous release only expand, and the released ones are unchanged', (ctx) => {
    const { problems, skipped } = checkMigrations();
    if (skipped) {
      console.warn(`SKIPPED migration lint: ${skipped}`);
      ctx.skip();
    }
    expect(problems).toEqual([]);
  });

  it('refuses what an instance of the previous release would break on', () => {
    for (const statement of [
      'alter table tickets drop column subject',
      'drop table assets',
      'alter table tickets rename column subject to title',
      'alter table tickets rename to issues',
      'alter table tickets alter column number type bigint',
      'alter table tickets alter column description set not null',
      'alter table tickets add column origin text not null',
      'alter table tickets add constraint subject_short check (length(subject) < 80)',
      'create unique index tickets_subject_key on tickets (subject)',
    ])
      expect(whys(`${statement};`), statement).toHaveLength(1);
  });

  it('lets expand steps and commented contract steps through', () => {
    expect(
      whys(`
        create table labels (id uuid primary key, name text not null);
        create unique index labels_name_key on labels (lower(name));
        alter table tickets add column label_id uuid references labels(id);
        alter table tickets add column origin text not null default 'portal';
        alter table tickets add column external_key text;
        create unique index tickets_external_key on tickets (external_key) where external_key is not null;
        alter table sessions add constraint c check (impersonator_staff_id is not null or true);
        create index tickets_label_idx on tickets (label_id);
        comment on column tickets.subject is 'drop table is only a string here';
        create function f() returns trigger language plpgsql as $$ begin drop table x; end $$;
        -- contract: the 2026-11-22 release was the last to read tickets.legacy_flag
        alter table tickets drop column legacy_flag;
      `),
    ).toEqual(["a new constraint may refuse the previous release's writes"]);
  });
});
