-- Issue 11: fewer b-tree pages rewritten by each step commit.
-- audit_log: every hierarchy filter compares without case (AuditFilterSql: hierarchy = @hierarchy COLLATE NOCASE), so
-- only ix_audit_log_hierarchy_nocase (0005) serves it; the binary-collation index of 0001 was used by no query.
DROP INDEX ix_audit_log_hierarchy;

-- procedure_steps: only the sweeper reads steps by status, and only ready and running ones (ClaimSql.Dispatchable);
-- every other read goes by (procedure_id, seq). The index on every step's status was rewritten twice per step commit
-- (running -> done, planned -> running) and held the whole history; this one holds only the live steps.
DROP INDEX ix_procedure_steps_status;
CREATE INDEX ix_procedure_steps_live ON procedure_steps (status) WHERE status IN ('ready', 'running');
