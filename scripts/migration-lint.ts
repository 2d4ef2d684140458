/**
 * `npx tsx scripts/migration-lint.ts`: migrations must be safe while the previous release still
 * serves (docs/contributing.md, "Migrations"). Migrations the last release in RELEASES shipped
 * are frozen (same names, same text: a database applies each name once); newer ones may only
 * expand. What an older instance cannot survive is refused unless the statement's comment says
 * `-- contract: <why it is safe now>` (the release that read it is gone).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MIGRATIONS = 'src/db/migrations';

/** What an instance of the previous release would meet, and why it breaks it. */
const RULES: Array<{ pattern: RegExp; why: string; newTableOk?: boolean }> = [
  {
    pattern: /\bdrop (table|column|view|materialized view|function|trigger|type|schema)\b/,
    why: 'drops what the previous release may still read or call',
  },
  { pattern: /\brename\b/, why: 'renames what the previous release still uses by its old name' },
  {
    pattern: /\balter column [\w"]+ (set data )?type\b/,
    why: "changes a column's type under the previous release",
  },
  { pattern: /\bset not null\b/, why: 'the previous release may still write rows without this column' },
  {
    pattern: /\badd (column )?(?![^,]*\bdefault\b)[^,]*(?<!\bis )\bnot null\b/,
    why: 'a new NOT NULL column needs a DEFAULT: the previous release inserts rows without it',
  },
  {
    pattern: /\badd constraint [\w"]+ (check|unique)\b|\bcreate unique index\b/,
    why: "a new constraint may refuse the previous release's writes",
    newTableOk: true,
  },
];

export type Problem = { file: string; statement: string; why: string };

/** Statements with their leading comments; dollar-quoted bodies and strings are blanked out. */
export function statements(sqlText: string): Array<{ comments: string; code: string }> {
  const out: Array<{ comments: string; code: string }> = [];
  let comments = '';
  let code = '';
  const token = /--[^\n]*|\$(\w*)\$[\s\S]*?\$\1\$|'(?:[^']|'')*'|;|[^-$';]+|[-$]/g;
  for (const m of sqlText.matchAll(token)) {
    const t = m[0];
    if (t.startsWith('--')) comments += `${t}\n`;
    else if (t === ';') {
      if (code.trim()) out.push({ comments, code: code.trim() });
      comments = '';
      code = '';
    } else code += t.startsWith('$') && t.length > 1 ? ' $body$ ' : t.startsWith("'") ? " '' " : t;
  }
  if (code.trim()) out.push({ comments, code: code.trim() });
  return out;
}

/** The table a statement creates or changes (an index's table), if it names one. */
const tableOf = (code: string) =>
  /^(?:create table (?:if not exists )?|alter table (?:if exists )?(?:only )?|create unique index .*? on (?:only )?)([\w."]+)/.exec(
    code,
  )?.[1];

/** The columns a unique index covers, if they are plain column names. */
const indexedColumns = (code: string) =>
  /^create unique index .*? on (?:only )?[\w."]+(?: using \w+)? \(([^()]*)\)/
    .exec(code)?.[1]
    ?.split(',')
    .map((c) => c.trim());

export function lintMigration(file: string, sqlText: string): Problem[] {
  const problems: Problem[] = [];
  const created = new Set<string>();
  const addedColumns = new Set<string>();
  for (const s of statements(sqlText)) {
    const code = s.code.toLowerCase().replace(/\s+/g, ' ');
    const table = tableOf(code) ?? '';
    if (code.startsWith('create table')) created.add(table);
    for (const m of code.matchAll(/\badd column (?:if not exists )?([\w"]+)/g))
      addedColumns.add(`${table}.${m[1]}`);
    if (/--\s*contract:\s*\S/.test(s.comments)) continue;
    // A table created in the same migration holds no rows the previous release wrote; nor does a
    // column added in it (the previous release never writes it, so a unique index on it cannot
    // refuse that release's writes).
    const columns = indexedColumns(code);
    const isNew =
      created.has(table) || (!!columns && columns.every((c) => addedColumns.has(`${table}.${c}`)));
    for (const rule of RULES)
      if (rule.pattern.test(code) && !(rule.newTableOk && isNew))
        problems.push({ file, statement: s.code.slice(0, 120), why: rule.why });
  }
  return problems;
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The last line of RELEASES: the commit of the previous release. */
export function previousRelease(): string {
  const lines = readFileSync(path.join(ROOT, 'RELEASES'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const commit = lines.at(-1)?.split(/\s+/)[0];
  if (!commit) throw new Error('RELEASES names no release');
  return commit;
}

/** Why the previous release cannot be read from this clone (a shallow clone), or undefined. */
export function releaseUnavailable(commit: string): string | undefined {
  try {
    git('cat-file', '-e', `${commit}^{commit}`);
    return undefined;
  } catch {
    const shallow = git('rev-parse', '--is-shallow-repository').trim() === 'true';
    return `the previous release ${commit.slice(0, 12)} is not in this clone${shallow ? ' (a shallow clone: fetch with full history)' : ''}`;
  }
}

/** Every problem of the migrations against the previous release; `skipped` says what could not be checked. */
export function checkMigrations(): { problems: Problem[]; skipped?: string; newer: string[] } {
  const current = readdirSync(path.join(ROOT, MIGRATIONS)).filter((f) => f.endsWith('.sql'));
  const read = (f: string) => readFileSync(path.join(ROOT, MIGRATIONS, f), 'utf8');
  const release = previousRelease();
  const skipped = releaseUnavailable(release);
  if (skipped) return { problems: [], skipped, newer: [] };
  const shipped = git('ls-tree', '--name-only', `${release}:${MIGRATIONS}`)
    .split('\n')
    .filter((f) => f.endsWith('.sql'));
  const problems: Problem[] = [];
  for (const f of shipped) {
    const why = !current.includes(f)
      ? 'was shipped by the previous release: databases have it applied under this name; restore it'
      : git('show', `${release}:${MIGRATIONS}/${f}`) !== read(f)
        ? 'was shipped by the previous release and has changed since: databases will not run it again; add a new migration instead'
        : undefined;
    if (why) problems.push({ file: f, statement: '', why });
  }
  const newer = current.filter((f) => !shipped.includes(f)).sort();
  const last = shipped.sort().at(-1) ?? '';
  for (const f of newer) {
    if (f <= last)
      problems.push({
        file: f,
        statement: '',
        why: `sorts before ${last}, the previous release's last migration`,
      });
    problems.push(...lintMigration(f, read(f)));
  }
  return { problems, newer };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { problems, skipped, newer } = checkMigrations();
  if (skipped) console.log(`migration lint skipped: ${skipped}`);
  else console.log(`migrations newer than the previous release: ${newer.join(', ') || 'none'}`);
  for (const p of problems) console.error(`${p.file}: ${p.why}${p.statement ? `\n    ${p.statement}` : ''}`);
  process.exit(problems.length ? 1 : 0);
}
