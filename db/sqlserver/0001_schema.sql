-- The product's own tables on SQL Server: today's schema (db/sqlite 0001-0009, db/postgres 0001) in one script; later
-- changes get new numbers. DbUp runs it in one transaction, batch by batch (GO separates the batches).
-- Ids are bigint IDENTITY (never MAX(id)+1); flags are bit; times are datetimeoffset(7), always written at offset +00:00:
-- the type names an instant whatever the reader's zone, and its 100 ns precision is .NET's tick, so the instant the audit
-- chain hashes is exactly the instant stored (datetime2 would need every reader to know the column is UTC).
-- Names (hierarchy, actor, user name, state) are compared without case by the database's collation, which must be
-- case-insensitive (SQL Server's default, e.g. SQL_Latin1_General_CP1_CI_AS): this script refuses a case-sensitive one.
-- Hashes are compared byte for byte (a binary collation on their columns).

IF CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) LIKE N'%[_]CS[_]%'
   OR CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) LIKE N'%[_]BIN%'
    THROW 50010, N'the orchestrator database must have a case-insensitive collation (e.g. Latin1_General_100_CI_AS)', 1;

CREATE TABLE cluster_definitions (
    version      bigint            NOT NULL CONSTRAINT pk_cluster_definitions PRIMARY KEY,   -- the definition's number, not a surrogate id
    sha256       nvarchar(64)      NOT NULL,
    cluster_name nvarchar(400)     NOT NULL,
    source_path  nvarchar(max)     NOT NULL,
    yaml         nvarchar(max)     NOT NULL,
    applied_at   datetimeoffset(7) NOT NULL,
    applied_by   nvarchar(400)     NOT NULL
);
-- Re-applying an earlier definition stores it as a new version: the same text may appear more than once.
CREATE INDEX ix_cluster_definitions_sha256 ON cluster_definitions (sha256, version);

CREATE TABLE hierarchy_placements (
    hierarchy    nvarchar(200)     NOT NULL CONSTRAINT pk_hierarchy_placements PRIMARY KEY,
    node         nvarchar(200),                -- null: out of service everywhere (or unknown after a cancel)
    since        datetimeoffset(7) NOT NULL,
    procedure_id bigint
);

CREATE TABLE procedures (
    id                 bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_procedures PRIMARY KEY,
    kind               nvarchar(100)     NOT NULL,
    hierarchy          nvarchar(200)     NOT NULL,
    state              nvarchar(100)     NOT NULL,
    version            bigint            NOT NULL,
    is_active          bit               NOT NULL,
    source_node        nvarchar(200),
    target_node        nvarchar(200),
    requested_by       nvarchar(400)     NOT NULL,
    reason             nvarchar(max)     NOT NULL,
    resume_state       nvarchar(100),
    last_error         nvarchar(max),
    definition_version bigint            NOT NULL,
    created_at         datetimeoffset(7) NOT NULL,
    updated_at         datetimeoffset(7) NOT NULL,
    completed_at       datetimeoffset(7)
);

-- Durability contract point 4: at most one active procedure per hierarchy, enforced here (a filtered unique index). A
-- violation (error 2601) is recognised by this name.
CREATE UNIQUE INDEX ux_procedures_one_active_per_hierarchy ON procedures (hierarchy) WHERE is_active = 1;
CREATE INDEX ix_procedures_hierarchy ON procedures (hierarchy, id);
CREATE INDEX ix_procedures_created_at ON procedures (created_at);

-- The plan of a procedure and its outbox: every step, its status, its claim and its dispatch.
CREATE TABLE procedure_steps (
    procedure_id     bigint            NOT NULL CONSTRAINT fk_procedure_steps_procedure REFERENCES procedures (id),
    seq              int               NOT NULL,
    phase            nvarchar(100)     NOT NULL,
    action           nvarchar(200)     NOT NULL,
    node             nvarchar(200)     NOT NULL,
    target           nvarchar(400)     NOT NULL,
    max_wait_seconds int               NOT NULL,
    status           nvarchar(20)      NOT NULL,   -- planned | ready | running | done | failed | cancelled | skipped
    generation       int               NOT NULL CONSTRAINT df_procedure_steps_generation DEFAULT 1,
    attempts         int               NOT NULL CONSTRAINT df_procedure_steps_attempts DEFAULT 0,
    claimed_by       nvarchar(400),
    claim_expires_at datetimeoffset(7),
    claim_token      bigint            NOT NULL CONSTRAINT df_procedure_steps_claim_token DEFAULT 0,   -- the fencing token: raised by every claim
    not_before       datetimeoffset(7),
    first_started_at datetimeoffset(7),
    dispatched_by    nvarchar(400),
    dispatched_at    datetimeoffset(7),
    last_error       nvarchar(max),
    completed_at     datetimeoffset(7),
    waiting_for      nvarchar(max),
    outcome          nvarchar(100),
    outcome_note     nvarchar(max),
    CONSTRAINT pk_procedure_steps PRIMARY KEY (procedure_id, seq)
);
CREATE INDEX ix_procedure_steps_status ON procedure_steps (status);

-- The audit journal: append-only, hash-chained.
CREATE TABLE audit_log (
    id           bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at           datetimeoffset(7) NOT NULL,
    procedure_id bigint,
    kind         nvarchar(100)     NOT NULL,
    hierarchy    nvarchar(200),
    from_state   nvarchar(100),
    to_state     nvarchar(100),
    trigger_name nvarchar(100)     NOT NULL,
    actor        nvarchar(400)     NOT NULL,
    reason       nvarchar(max)     NOT NULL,
    data         nvarchar(max),
    prev_hash    varchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    hash         varchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    nodes        nvarchar(max)
);
CREATE INDEX ix_audit_log_procedure ON audit_log (procedure_id, id);
CREATE INDEX ix_audit_log_hierarchy ON audit_log (hierarchy, id);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_kind ON audit_log (kind, id);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, id);

-- Issue 13 point 4: the head of the chain, one row. A writer reads it WITH (UPDLOCK, HOLDLOCK) before it hashes its rows,
-- so appends of concurrent transactions queue here and the chain never forks; the insert trigger below also refuses a
-- row that does not extend the head (a writer that skipped the lock fails instead of forking the chain).
CREATE TABLE audit_head (
    one     bit          NOT NULL CONSTRAINT pk_audit_head PRIMARY KEY CONSTRAINT df_audit_head_one DEFAULT 1 CONSTRAINT ck_audit_head_one CHECK (one = 1),
    last_id bigint,
    hash    varchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL
);
INSERT INTO audit_head (one, last_id, hash) VALUES (1, NULL, '0000000000000000000000000000000000000000000000000000000000000000');
GO

-- One row per INSERT statement (the writer appends row by row): the trigger checks it against the head and moves the head.
CREATE TRIGGER audit_log_extend_head ON audit_log AFTER INSERT AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @rows int = (SELECT COUNT(*) FROM inserted);
    IF @rows = 0 RETURN;
    IF @rows > 1
        THROW 50002, N'audit_log: one row per INSERT (each row must extend the chain''s head)', 1;
    DECLARE @head varchar(128), @prev varchar(128), @hash varchar(128), @id bigint, @message nvarchar(2048);
    SELECT @head = h.hash FROM audit_head h WITH (UPDLOCK, HOLDLOCK) WHERE h.one = 1;
    SELECT @prev = i.prev_hash, @hash = i.hash, @id = i.id FROM inserted i;
    IF @head IS NULL OR @prev IS NULL OR @prev COLLATE Latin1_General_100_BIN2 <> @head COLLATE Latin1_General_100_BIN2
    BEGIN
        SET @message = CONCAT(N'audit_log: row ', @id, N' does not extend the chain''s head ', @head, N' (its prev_hash is ', @prev, N') [audit_head]');
        THROW 50001, @message, 1;
    END;
    UPDATE audit_head SET hash = @hash, last_id = @id WHERE one = 1;
END;
GO

CREATE TRIGGER audit_log_no_update ON audit_log INSTEAD OF UPDATE AS
BEGIN
    THROW 50003, N'audit_log is append-only: UPDATE refused', 1;
END;
GO

CREATE TRIGGER audit_log_no_delete ON audit_log INSTEAD OF DELETE AS
BEGIN
    THROW 50003, N'audit_log is append-only: DELETE refused', 1;
END;
GO

-- S22 / message 28523: mailbox users that failed to move, kept until a later `users move` moves them.
CREATE TABLE failed_user_moves (
    id           bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_failed_user_moves PRIMARY KEY,
    procedure_id bigint            NOT NULL CONSTRAINT fk_failed_user_moves_procedure REFERENCES procedures (id),
    hierarchy    nvarchar(200)     NOT NULL,
    user_name    nvarchar(400)     NOT NULL,
    domain       nvarchar(400),
    from_server  nvarchar(200)     NOT NULL,
    to_server    nvarchar(200)     NOT NULL,
    error        nvarchar(max)     NOT NULL,
    recorded_at  datetimeoffset(7) NOT NULL,
    resolved_at  datetimeoffset(7),
    resolved_by  bigint
);
-- One open failure per user: recording the same failure again (a retried step) changes nothing.
CREATE UNIQUE INDEX ux_failed_user_moves_open ON failed_user_moves (user_name) WHERE resolved_at IS NULL;

-- S25: background public-folder replica-list updates, started by a completed move and linked to it.
CREATE TABLE replica_updates (
    id            bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_replica_updates PRIMARY KEY,
    procedure_id  bigint            NOT NULL CONSTRAINT fk_replica_updates_procedure REFERENCES procedures (id),
    hierarchy     nvarchar(200)     NOT NULL,
    from_server   nvarchar(200)     NOT NULL,   -- removed from every folder's replica list
    to_server     nvarchar(200)     NOT NULL,   -- added to it
    state         nvarchar(100)     NOT NULL,   -- Planning | Running | Paused | Completed | Cancelled | Superseded
    version       bigint            NOT NULL,
    is_active     bit               NOT NULL,
    batch_size    int               NOT NULL,
    parallelism   int               NOT NULL,
    planned       bit               NOT NULL CONSTRAINT df_replica_updates_planned DEFAULT 0,
    total         bigint            NOT NULL CONSTRAINT df_replica_updates_total DEFAULT 0,
    done          bigint            NOT NULL CONSTRAINT df_replica_updates_done DEFAULT 0,      -- folders whose list is correct
    changed       bigint            NOT NULL CONSTRAINT df_replica_updates_changed DEFAULT 0,   -- of which the write changed the list
    failed        bigint            NOT NULL CONSTRAINT df_replica_updates_failed DEFAULT 0,    -- open failures (after the retry limit)
    superseded_by bigint,                                                                     -- the move procedure that superseded it
    requested_by  nvarchar(400)     NOT NULL,
    created_at    datetimeoffset(7) NOT NULL,
    planned_at    datetimeoffset(7),
    updated_at    datetimeoffset(7) NOT NULL,
    completed_at  datetimeoffset(7)
);
-- One update per move: starting it again (a step run twice) finds the same row.
CREATE UNIQUE INDEX ux_replica_updates_procedure ON replica_updates (procedure_id);
CREATE INDEX ix_replica_updates_hierarchy ON replica_updates (hierarchy, id);
CREATE INDEX ix_replica_updates_active ON replica_updates (is_active);

-- Batches are the outbox of an update: each is one retriable job, claimed by the same mechanism as procedure steps.
CREATE TABLE replica_batches (
    update_id        bigint            NOT NULL CONSTRAINT fk_replica_batches_update REFERENCES replica_updates (id),
    seq              int               NOT NULL,
    attempt          int               NOT NULL,   -- the attempt number of these folders' writes (retries are new batches)
    folders          nvarchar(max)     NOT NULL,   -- folder names, one per line
    folder_count     int               NOT NULL,
    status           nvarchar(20)      NOT NULL,   -- ready | running | done | cancelled
    claimed_by       nvarchar(400),
    claim_expires_at datetimeoffset(7),
    claim_token      bigint            NOT NULL CONSTRAINT df_replica_batches_claim_token DEFAULT 0,
    not_before       datetimeoffset(7),
    dispatched_by    nvarchar(400),
    dispatched_at    datetimeoffset(7),
    runs             int               NOT NULL CONSTRAINT df_replica_batches_runs DEFAULT 0,   -- claims taken: more than 1 means redone
    done_count       int,
    failed_count     int,
    completed_at     datetimeoffset(7),
    CONSTRAINT pk_replica_batches PRIMARY KEY (update_id, seq)
);
CREATE INDEX ix_replica_batches_status ON replica_batches (update_id, status, seq);

-- Folders whose write still failed after the retry limit, with the error; `replicas retry-failed` re-queues them.
CREATE TABLE replica_folder_failures (
    update_id   bigint            NOT NULL CONSTRAINT fk_replica_folder_failures_update REFERENCES replica_updates (id),
    folder      nvarchar(400)     NOT NULL,
    attempts    int               NOT NULL,
    error       nvarchar(max)     NOT NULL,
    recorded_at datetimeoffset(7) NOT NULL,
    retried_at  datetimeoffset(7),
    CONSTRAINT pk_replica_folder_failures PRIMARY KEY (update_id, folder)
);

-- S29: a procedure may hold a hierarchy's switchback type during an update and give the operator's own back at its end.
CREATE TABLE switchback_holds (
    hierarchy    nvarchar(200)     NOT NULL CONSTRAINT pk_switchback_holds PRIMARY KEY,
    switchback   nvarchar(100)     NOT NULL,
    procedure_id bigint            NOT NULL CONSTRAINT fk_switchback_holds_procedure REFERENCES procedures (id),
    since        datetimeoffset(7) NOT NULL
);
