// The layering of src/, checked by `npm run check:layers` (dependency-cruiser). Arrows only point
// down: demo/ and cli.ts on top, then modules/, http/, the engine (authz/, auth/, mail/), db/,
// and errors.ts and config.ts at the bottom. The browser UI (src/web/) stands apart. Type-only
// imports count: a type imported from above is an arrow pointing up all the same.

// Each layer's files, as path patterns.
const BOTTOM = '^src/(errors|config)[.]ts$';
const DB = '^src/db/';
const ENGINE = '^src/(authz|auth|mail)/';
const HTTP = '^src/http/';
const MODULES = '^src/modules/';
const TOP = '^src/(demo/|cli[.]ts$)';
const WEB = '^src/web/';

/** The files of these layers: a rule's `from`. */
const below = (...layers) => ({ path: layers.join('|') });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle anywhere in src/: a cycle makes two files one, in load order too.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'nothing-below-imports-modules',
      severity: 'error',
      comment: 'Only demo/ and cli.ts sit above the modules: http/ gets the routes from buildApp.',
      from: below(BOTTOM, DB, ENGINE, HTTP),
      to: { path: MODULES },
    },
    {
      name: 'nothing-below-imports-http',
      severity: 'error',
      comment: 'authz/, auth/ and mail/ (and everything below them) never import http/.',
      from: below(BOTTOM, DB, ENGINE),
      to: { path: HTTP },
    },
    {
      name: 'db-imports-no-engine',
      severity: 'error',
      comment: 'db/ holds the schema and the connection; it knows nothing of the rules above it.',
      from: below(BOTTOM, DB),
      to: { path: ENGINE },
    },
    {
      name: 'errors-and-config-at-the-bottom',
      severity: 'error',
      comment: 'errors.ts and config.ts import nothing of src/ but each other.',
      from: { path: BOTTOM },
      to: { path: '^src/', pathNot: BOTTOM },
    },
    {
      name: 'demo-and-cli-on-top',
      severity: 'error',
      comment: 'Nothing imports the demo data or the command line: they are the entry points.',
      from: { path: '^src/', pathNot: TOP },
      to: { path: TOP },
    },
    {
      name: 'web-imports-only-web',
      severity: 'error',
      comment:
        'The browser UI imports nothing of the server; it shares the contract through the API ' +
        'types generated into src/web/ (*.gen.ts).',
      from: { path: WEB },
      to: { path: '^src/', pathNot: WEB },
    },
    {
      name: 'server-imports-no-web',
      severity: 'error',
      comment: 'The server serves the built UI (dist/web); it never imports its sources.',
      from: { path: '^src/', pathNot: WEB },
      to: { path: WEB },
    },
    {
      name: 'src-imports-no-tests',
      severity: 'error',
      comment: 'The product never imports its tests or its benchmark.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package used by src/ is declared in package.json, not borrowed from another one.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
