-- S25: background public-folder replica-list updates, started by a completed move (failover, failback,
-- switchover) and linked to it. Batches are the outbox of the update: each is one retriable job and
-- its completion is the checkpoint, committed with the update's counters in one transaction.
CREATE TABLE replica_updates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id  INTEGER NOT NULL REFERENCES procedures (id),
    hierarchy     TEXT    NOT NULL,
    from_server   TEXT    NOT NULL,   -- removed from every folder's replica list
    to_server     TEXT    NOT NULL,   -- added to it
    state         TEXT    NOT NULL,   -- Planning | Running | Paused | Completed | Cancelled | Superseded
    version       INTEGER NOT NULL,
    is_active     INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    batch_size    INTEGER NOT NULL,
    parallelism   INTEGER NOT NULL,
    planned       INTEGER NOT NULL DEFAULT 0 CHECK (planned IN (0, 1)),
    total         INTEGER NOT NULL DEFAULT 0,
    done          INTEGER NOT NULL DEFAULT 0,   -- folders whose list is correct (changed or already correct)
    changed       INTEGER NOT NULL DEFAULT 0,   -- of which the write changed the list
    failed        INTEGER NOT NULL DEFAULT 0,   -- open failures (after the retry limit)
    superseded_by INTEGER,                      -- the move procedure that superseded it
    requested_by  TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    planned_at    TEXT,
    updated_at    TEXT    NOT NULL,
    completed_at  TEXT
);
-- One update per move: starting it again (a step run twice) finds the same row.
CREATE UNIQUE INDEX ux_replica_updates_procedure ON replica_updates (procedure_id);
CREATE INDEX ix_replica_updates_hierarchy ON replica_updates (hierarchy, id);
CREATE INDEX ix_replica_updates_active ON replica_updates (is_active);

CREATE TABLE replica_batches (
    update_id        INTEGER NOT NULL REFERENCES replica_updates (id),
    seq              INTEGER NOT NULL,
    attempt          INTEGER NOT NULL,   -- the attempt number of these folders' writes (retries are new batches)
    folders          TEXT    NOT NULL,   -- folder names, one per line
    folder_count     INTEGER NOT NULL,
    status           TEXT    NOT NULL,   -- ready | running | done | cancelled
    claimed_by       TEXT,
    claim_expires_at TEXT,
    not_before       TEXT,
    dispatched_at    TEXT,
    runs             INTEGER NOT NULL DEFAULT 0,   -- claims taken: more than 1 means the batch was redone
    done_count       INTEGER,
    failed_count     INTEGER,
    completed_at     TEXT,
    PRIMARY KEY (update_id, seq)
);
CREATE INDEX ix_replica_batches_status ON replica_batches (update_id, status, seq);

-- Folders whose write still failed after the retry limit, with the error; `replicas retry-failed` re-queues them.
CREATE TABLE replica_folder_failures (
    update_id   INTEGER NOT NULL REFERENCES replica_updates (id),
    folder      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    error       TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    retried_at  TEXT,
    PRIMARY KEY (update_id, folder)
);
