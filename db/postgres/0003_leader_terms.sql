-- Issue 13 point 3 on PostgreSQL: one leader for the single-instance roles (health monitor, sweeper, replica scheduling).
-- leader_terms: one row per role, the term's epoch (raised by every acquisition that is not a renewal), its holder and
-- when it ends unless renewed. Every write a leader's decision makes reads the row FOR SHARE in its own transaction and
-- checks that it still has the decision's epoch and has not expired (PostgresLeaderFence). The guard that lets a runner
-- take over a live term is a session-level advisory lock (PostgresLeaderGuard), not a table.
-- runners: one row per live runner with its heartbeat (`orchestrator cluster runners`).
-- monitor_counters: the monitor's consecutive failed checks per subject and since when a node is healthy, so a new
-- leader resumes them (written only when a counter changes). Subjects compare case-insensitively, as on SQLite: the
-- key is lower(subject).
CREATE TABLE leader_terms (
    role        text        NOT NULL PRIMARY KEY,
    epoch       bigint      NOT NULL,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE TABLE runners (
    runner_id    text        NOT NULL PRIMARY KEY,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    started_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);

CREATE TABLE monitor_counters (
    subject       text        NOT NULL,
    failures      integer,
    healthy_since timestamptz
);

CREATE UNIQUE INDEX ux_monitor_counters_subject ON monitor_counters (lower(subject));
