-- Issue 13 point 3 on SQL Server, the twin of db/postgres/0003 and 0006: one leader for the single-instance roles (health
-- monitor, sweeper, replica scheduling). Never executed against a server here: parse-checked only (SqlServerSqlSyntaxTests).
-- leader_terms: one row per role, the term's epoch (raised by every acquisition that is not a renewal), its holder and
-- when it ends unless renewed; every write a leader's decision makes reads the row WITH (HOLDLOCK) in its own transaction
-- and checks it still has the decision's epoch and has not expired (SqlServerLeaderFence). The guard that lets a runner
-- take over a live term is an application lock owned by a session (sp_getapplock, SqlServerLeaderGuard), not a table.
-- leader_term_history: one row per epoch ever started (who held it, from when).
-- runners: one row per live runner with its heartbeat (`orchestrator cluster runners`).
-- monitor_counters: the monitor's consecutive failed checks per subject and since when a node is healthy, so a new
-- leader resumes them. Subjects compare without case through the database's collation (case-insensitive: 0001 refuses
-- any other), as lower(subject) does on PostgreSQL.
-- audit_log gains leader_epoch and leader_holder: the fenced transaction's writer (SqlServerAuditWriter) stamps them on
-- every row a leader's decision appends (NULL on rows that are not one). Outside the hash chain (audit verify is
-- unchanged); the append-only triggers keep them as written.

CREATE TABLE leader_terms (
    role        nvarchar(200)     NOT NULL CONSTRAINT pk_leader_terms PRIMARY KEY,
    epoch       bigint            NOT NULL,
    holder      nvarchar(400)     NOT NULL,
    acquired_at datetimeoffset(7) NOT NULL,
    renewed_at  datetimeoffset(7) NOT NULL,
    expires_at  datetimeoffset(7) NOT NULL
);

CREATE TABLE leader_term_history (
    role        nvarchar(200)     NOT NULL,
    epoch       bigint            NOT NULL,
    holder      nvarchar(400)     NOT NULL,
    acquired_at datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_leader_term_history PRIMARY KEY (role, epoch)
);

CREATE TABLE runners (
    runner_id    nvarchar(400)     NOT NULL CONSTRAINT pk_runners PRIMARY KEY,
    host         nvarchar(400)     NOT NULL,
    pid          bigint            NOT NULL,
    started_at   datetimeoffset(7) NOT NULL,
    last_seen_at datetimeoffset(7) NOT NULL
);

CREATE TABLE monitor_counters (
    subject       nvarchar(400)     NOT NULL CONSTRAINT pk_monitor_counters PRIMARY KEY,
    failures      int,
    healthy_since datetimeoffset(7)
);

ALTER TABLE audit_log ADD leader_epoch bigint NULL, leader_holder nvarchar(400) NULL;
GO

-- Issue 13 point 1, db/postgres/0005's lease_clock on SQL Server: leases follow the database's clock. Every claim's expiry
-- is lease_clock(...) plus the lease, and a claim is live while its expiry is not before lease_clock(...), which is SQL
-- Server's SYSUTCDATETIME(): the runner's clock (the argument) is not used, so runners whose clocks disagree still agree
-- on which claim is live. The argument is there so that a test database may redefine this one function to follow the
-- caller's simulated clock (the store contract tests do, as on PostgreSQL); production never redefines it. A scalar
-- function reading the clock is not inlined: it is evaluated per row the claim's WHERE reads (one owner's steps, or the
-- sweeper's running rows).
CREATE FUNCTION dbo.lease_clock(@caller_now datetimeoffset(7)) RETURNS datetimeoffset(7)
AS
BEGIN
    RETURN TODATETIMEOFFSET(SYSUTCDATETIME(), 0);
END;
GO
