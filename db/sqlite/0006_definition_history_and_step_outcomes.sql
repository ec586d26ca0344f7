-- Issue 10 point 7: re-applying an earlier definition stores it as a new version, so the same text (sha256) may
-- appear more than once in the history. SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt,
-- and a plain index keeps finding earlier versions by their text fast.
CREATE TABLE cluster_definitions_new (
    version      INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL,
    cluster_name TEXT    NOT NULL,
    source_path  TEXT    NOT NULL,
    yaml         TEXT    NOT NULL,
    applied_at   TEXT    NOT NULL,
    applied_by   TEXT    NOT NULL
);

INSERT INTO cluster_definitions_new (version, sha256, cluster_name, source_path, yaml, applied_at, applied_by)
SELECT version, sha256, cluster_name, source_path, yaml, applied_at, applied_by FROM cluster_definitions;

DROP TABLE cluster_definitions;
ALTER TABLE cluster_definitions_new RENAME TO cluster_definitions;
CREATE INDEX ix_cluster_definitions_sha256 ON cluster_definitions (sha256, version);

-- Issue 10 point 6: a step that did its work but not all of its purpose says so (partial: some users moved;
-- not-achieved: none did) with a note in words; the procedure then ends CompletedWithWarnings or Failed, not Completed.
ALTER TABLE procedure_steps ADD COLUMN outcome TEXT;
ALTER TABLE procedure_steps ADD COLUMN outcome_note TEXT;
