-- Issue 13 point 3: one leader for the single-instance roles (health monitor, sweeper, replica scheduling). One row per
-- role: the term's epoch (raised by every acquisition that is not a renewal), its holder and when it ends unless renewed.
-- Every write a leader's decision makes checks, in its own transaction, that the row still has the decision's epoch and
-- has not expired. runners: one row per live runner with its heartbeat (`orchestrator cluster runners`).
-- monitor_counters: the monitor's consecutive failed checks per subject and since when a node is healthy, so a new
-- leader resumes them (written only when a counter changes).
CREATE TABLE leader_terms (
    role        TEXT NOT NULL PRIMARY KEY,
    epoch       INTEGER NOT NULL,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    renewed_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE runners (
    runner_id    TEXT NOT NULL PRIMARY KEY,
    host         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE TABLE monitor_counters (
    subject       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    failures      INTEGER,
    healthy_since TEXT
);
