// Temporary re-exports for the preview files that are moving to src/modules/access/preview/
// (issue 11, item 1): delete this file when their imports are rewritten (contacts.ts, grants.ts).
export { holdsSql, mayUseModuleSql, type ContactIds } from './contacts.ts';
export { liveGrantSql } from './grants.ts';
