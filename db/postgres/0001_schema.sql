-- The product's own tables on PostgreSQL: today's schema (db/sqlite 0001-0009) in one script; later changes get new numbers.
-- Ids are identities (never MAX(id)+1), times are timestamptz, flags are booleans. Hierarchy names are compared without
-- case by lower(...) (SQLite: COLLATE NOCASE), so those indexes are on lower(hierarchy).

CREATE TABLE cluster_definitions (
    version      bigint      PRIMARY KEY,   -- the definition's version number (1, 2, ...), not a surrogate id
    sha256       text        NOT NULL,
    cluster_name text        NOT NULL,
    source_path  text        NOT NULL,
    yaml         text        NOT NULL,
    applied_at   timestamptz NOT NULL,
    applied_by   text        NOT NULL
);
-- Re-applying an earlier definition stores it as a new version: the same text may appear more than once.
CREATE INDEX ix_cluster_definitions_sha256 ON cluster_definitions (sha256, version);

CREATE TABLE hierarchy_placements (
    hierarchy    text        PRIMARY KEY,
    node         text,                       -- null: out of service everywhere (or unknown after a cancel)
    since        timestamptz NOT NULL,
    procedure_id bigint
);
CREATE INDEX ix_hierarchy_placements_hierarchy_nocase ON hierarchy_placements (lower(hierarchy));

CREATE TABLE procedures (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind               text        NOT NULL,
    hierarchy          text        NOT NULL,
    state              text        NOT NULL,
    version            bigint      NOT NULL,
    is_active          boolean     NOT NULL,
    source_node        text,
    target_node        text,
    requested_by       text        NOT NULL,
    reason             text        NOT NULL,
    resume_state       text,
    last_error         text,
    definition_version bigint      NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    completed_at       timestamptz
);

-- Durability contract point 4: at most one active procedure per hierarchy, enforced here. A violation (23505) is
-- recognised by this name.
CREATE UNIQUE INDEX ux_procedures_one_active_per_hierarchy ON procedures (hierarchy) WHERE is_active;
CREATE INDEX ix_procedures_hierarchy ON procedures (lower(hierarchy), id);
CREATE INDEX ix_procedures_created_at ON procedures (created_at);

-- The plan of a procedure and its outbox: every step, its status, its claim and its dispatch.
CREATE TABLE procedure_steps (
    procedure_id     bigint      NOT NULL REFERENCES procedures (id),
    seq              integer     NOT NULL,
    phase            text        NOT NULL,
    action           text        NOT NULL,
    node             text        NOT NULL,
    target           text        NOT NULL,
    max_wait_seconds integer     NOT NULL,
    status           text        NOT NULL,   -- planned | ready | running | done | failed | cancelled | skipped
    generation       integer     NOT NULL DEFAULT 1,
    attempts         integer     NOT NULL DEFAULT 0,
    claimed_by       text,
    claim_expires_at timestamptz,
    claim_token      bigint      NOT NULL DEFAULT 0,   -- the fencing token: raised by every claim
    not_before       timestamptz,
    first_started_at timestamptz,
    dispatched_by    text,
    dispatched_at    timestamptz,
    last_error       text,
    completed_at     timestamptz,
    waiting_for      text,
    outcome          text,
    outcome_note     text,
    PRIMARY KEY (procedure_id, seq)
);
CREATE INDEX ix_procedure_steps_status ON procedure_steps (status);

-- The audit journal: append-only, hash-chained.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    procedure_id bigint,
    kind         text        NOT NULL,
    hierarchy    text,
    from_state   text,
    to_state     text,
    trigger_name text        NOT NULL,
    actor        text        NOT NULL,
    reason       text        NOT NULL,
    data         text,
    prev_hash    text        NOT NULL,
    hash         text        NOT NULL,
    nodes        text
);
CREATE INDEX ix_audit_log_procedure ON audit_log (procedure_id, id);
CREATE INDEX ix_audit_log_hierarchy_nocase ON audit_log (lower(hierarchy), id);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_kind ON audit_log (kind, id);
CREATE INDEX ix_audit_log_actor ON audit_log (lower(actor), id);

-- Issue 13 point 4: the head of the chain, one row. A writer takes it FOR UPDATE before it hashes its rows, so appends of
-- concurrent transactions queue here and the chain never forks; the insert trigger below also refuses a row that does
-- not extend the head (a writer that skipped the lock fails instead of forking the chain).
CREATE TABLE audit_head (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_id bigint,
    hash    text    NOT NULL
);
INSERT INTO audit_head (one, last_id, hash) VALUES (true, NULL, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_extend_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head text;
BEGIN
    SELECT h.hash INTO head FROM audit_head h WHERE h.one FOR UPDATE;
    IF NEW.prev_hash IS DISTINCT FROM head THEN
        RAISE EXCEPTION 'audit_log: row % does not extend the chain''s head % (its prev_hash is %)', NEW.id, head, NEW.prev_hash
            USING ERRCODE = 'serialization_failure', CONSTRAINT = 'audit_head';
    END IF;
    UPDATE audit_head SET hash = NEW.hash, last_id = NEW.id WHERE one;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_extend_head BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_extend_head();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- S22 / message 28523: mailbox users that failed to move, kept until a later `users move` moves them.
CREATE TABLE failed_user_moves (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    procedure_id bigint      NOT NULL REFERENCES procedures (id),
    hierarchy    text        NOT NULL,
    user_name    text        NOT NULL,
    domain       text,
    from_server  text        NOT NULL,
    to_server    text        NOT NULL,
    error        text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    resolved_at  timestamptz,
    resolved_by  bigint
);
-- One open failure per user: recording the same failure again (a retried step) changes nothing.
CREATE UNIQUE INDEX ux_failed_user_moves_open ON failed_user_moves (user_name) WHERE resolved_at IS NULL;

-- S25: background public-folder replica-list updates, started by a completed move and linked to it.
CREATE TABLE replica_updates (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    procedure_id  bigint      NOT NULL REFERENCES procedures (id),
    hierarchy     text        NOT NULL,
    from_server   text        NOT NULL,   -- removed from every folder's replica list
    to_server     text        NOT NULL,   -- added to it
    state         text        NOT NULL,   -- Planning | Running | Paused | Completed | Cancelled | Superseded
    version       bigint      NOT NULL,
    is_active     boolean     NOT NULL,
    batch_size    integer     NOT NULL,
    parallelism   integer     NOT NULL,
    planned       boolean     NOT NULL DEFAULT false,
    total         bigint      NOT NULL DEFAULT 0,
    done          bigint      NOT NULL DEFAULT 0,   -- folders whose list is correct (changed or already correct)
    changed       bigint      NOT NULL DEFAULT 0,   -- of which the write changed the list
    failed        bigint      NOT NULL DEFAULT 0,   -- open failures (after the retry limit)
    superseded_by bigint,                           -- the move procedure that superseded it
    requested_by  text        NOT NULL,
    created_at    timestamptz NOT NULL,
    planned_at    timestamptz,
    updated_at    timestamptz NOT NULL,
    completed_at  timestamptz
);
-- One update per move: starting it again (a step run twice) finds the same row.
CREATE UNIQUE INDEX ux_replica_updates_procedure ON replica_updates (procedure_id);
CREATE INDEX ix_replica_updates_hierarchy ON replica_updates (lower(hierarchy), id);
CREATE INDEX ix_replica_updates_active ON replica_updates (is_active);

-- Batches are the outbox of an update: each is one retriable job, claimed by the same mechanism as procedure steps.
-- seq numbers a batch within its update (new ones are numbered while the update's row is locked by the same transaction).
CREATE TABLE replica_batches (
    update_id        bigint      NOT NULL REFERENCES replica_updates (id),
    seq              integer     NOT NULL,
    attempt          integer     NOT NULL,   -- the attempt number of these folders' writes (retries are new batches)
    folders          text        NOT NULL,   -- folder names, one per line
    folder_count     integer     NOT NULL,
    status           text        NOT NULL,   -- ready | running | done | cancelled
    claimed_by       text,
    claim_expires_at timestamptz,
    claim_token      bigint      NOT NULL DEFAULT 0,
    not_before       timestamptz,
    dispatched_by    text,
    dispatched_at    timestamptz,
    runs             integer     NOT NULL DEFAULT 0,   -- claims taken: more than 1 means the batch was redone
    done_count       integer,
    failed_count     integer,
    completed_at     timestamptz,
    PRIMARY KEY (update_id, seq)
);
CREATE INDEX ix_replica_batches_status ON replica_batches (update_id, status, seq);

-- Folders whose write still failed after the retry limit, with the error; `replicas retry-failed` re-queues them.
CREATE TABLE replica_folder_failures (
    update_id   bigint      NOT NULL REFERENCES replica_updates (id),
    folder      text        NOT NULL,
    attempts    integer     NOT NULL,
    error       text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    retried_at  timestamptz,
    PRIMARY KEY (update_id, folder)
);

-- S29: a procedure may hold a hierarchy's switchback type during an update and give the operator's own back at its end.
CREATE TABLE switchback_holds (
    hierarchy    text        NOT NULL,
    switchback   text        NOT NULL,
    procedure_id bigint      NOT NULL REFERENCES procedures (id),
    since        timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_switchback_holds_hierarchy ON switchback_holds (lower(hierarchy));
