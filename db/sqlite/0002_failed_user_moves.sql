-- S22 / message 28523: mailbox users that failed to move, kept until a later `users move` moves them.
CREATE TABLE failed_user_moves (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id  INTEGER NOT NULL REFERENCES procedures (id),
    hierarchy     TEXT    NOT NULL,
    user_name     TEXT    NOT NULL,
    domain        TEXT,
    from_server   TEXT    NOT NULL,
    to_server     TEXT    NOT NULL,
    error         TEXT    NOT NULL,
    recorded_at   TEXT    NOT NULL,
    resolved_at   TEXT,
    resolved_by   INTEGER
);
-- One open failure per user: recording the same failure again (a retried step) changes nothing.
CREATE UNIQUE INDEX ux_failed_user_moves_open ON failed_user_moves (user_name) WHERE resolved_at IS NULL;
