-- The audit log's filters (src/modules/audit/filter.ts), each an index range in newest-first
-- order: by action, and by entity type alone (the older entity index needs the entity's id too).
create index audit_log_action_idx on audit_log (action, id desc);
create index audit_log_entity_type_idx on audit_log (entity_type, id desc);
