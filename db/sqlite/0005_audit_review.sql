-- Audit review: the node(s) a row concerns, and indexes for the filters of `audit list` and the dashboard.
ALTER TABLE audit_log ADD COLUMN nodes TEXT;

-- Hierarchy names are compared without case; the index must use the same collation to be used.
CREATE INDEX ix_audit_log_hierarchy_nocase ON audit_log (hierarchy COLLATE NOCASE, id);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_kind ON audit_log (kind, id);
CREATE INDEX ix_audit_log_actor ON audit_log (actor COLLATE NOCASE, id);
