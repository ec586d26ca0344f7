-- Issue 15: the audit chain hashes each row's sequence. Rows written before keep the hash they were written with
-- (the journal is append-only: none is rewritten) and say so: hash_version 1 (their content and the previous hash),
-- 2 for every row written since (its version and sequence too: a renumbered row no longer verifies). audit verify
-- recomputes each row by its version and refuses a version-1 row after a version-2 one.
ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
