// Temporary re-exports for the preview files that are moving to src/modules/access/preview/
// (issue 11, item 1): delete this file when their imports are rewritten (records/bulk.ts).
export { RECORD_KINDS, visibleRecordPairs, type RecordKind } from './records/bulk.ts';
