-- The product's own tables: the source of truth (DESIGN.md, "Where the truth lives").

CREATE TABLE cluster_definitions (
    version      INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL UNIQUE,
    cluster_name TEXT    NOT NULL,
    source_path  TEXT    NOT NULL,
    yaml         TEXT    NOT NULL,
    applied_at   TEXT    NOT NULL,
    applied_by   TEXT    NOT NULL
);

CREATE TABLE hierarchy_placements (
    hierarchy    TEXT PRIMARY KEY,
    node         TEXT,              -- null: out of service everywhere (or unknown after a cancel)
    since        TEXT NOT NULL,
    procedure_id INTEGER
);

CREATE TABLE procedures (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    kind               TEXT    NOT NULL,
    hierarchy          TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    is_active          INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    source_node        TEXT,
    target_node        TEXT,
    requested_by       TEXT    NOT NULL,
    reason             TEXT    NOT NULL,
    resume_state       TEXT,
    last_error         TEXT,
    definition_version INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    completed_at       TEXT
);

-- Durability contract point 4: at most one active procedure per hierarchy, enforced here.
CREATE UNIQUE INDEX ux_procedures_one_active_per_hierarchy ON procedures (hierarchy) WHERE is_active = 1;
CREATE INDEX ix_procedures_hierarchy ON procedures (hierarchy, id);

-- The plan of a procedure and its outbox: every step, its status, its claim and its dispatch.
CREATE TABLE procedure_steps (
    procedure_id     INTEGER NOT NULL REFERENCES procedures (id),
    seq              INTEGER NOT NULL,
    phase            TEXT    NOT NULL,
    action           TEXT    NOT NULL,
    node             TEXT    NOT NULL,
    target           TEXT    NOT NULL,
    max_wait_seconds INTEGER NOT NULL,
    status           TEXT    NOT NULL,   -- planned | ready | running | done | failed | cancelled
    generation       INTEGER NOT NULL DEFAULT 1,
    attempts         INTEGER NOT NULL DEFAULT 0,
    claimed_by       TEXT,
    claim_expires_at TEXT,
    not_before       TEXT,
    first_started_at TEXT,
    dispatched_by    TEXT,
    dispatched_at    TEXT,
    last_error       TEXT,
    completed_at     TEXT,
    PRIMARY KEY (procedure_id, seq)
);
CREATE INDEX ix_procedure_steps_status ON procedure_steps (status);

-- The audit journal: append-only, hash-chained.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT    NOT NULL,
    procedure_id INTEGER,
    kind         TEXT    NOT NULL,
    hierarchy    TEXT,
    from_state   TEXT,
    to_state     TEXT,
    trigger_name TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    data         TEXT,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX ix_audit_log_hierarchy ON audit_log (hierarchy, id);
CREATE INDEX ix_audit_log_procedure ON audit_log (procedure_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
