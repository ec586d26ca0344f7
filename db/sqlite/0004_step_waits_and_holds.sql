-- S29: a step may wait (for a mirror to reach mirroring, for a scheduled time) as a persisted poll: it goes back
-- to ready with not_before, says what it waits for, and spends no attempt.
ALTER TABLE procedure_steps ADD COLUMN waiting_for TEXT;

-- S29: a procedure may hold a hierarchy's switchback type ("do not switch back" during an update) and give the
-- operator's own back at its end. The monitor reads the hold before the definition.
CREATE TABLE switchback_holds (
    hierarchy    TEXT PRIMARY KEY COLLATE NOCASE,
    switchback   TEXT    NOT NULL,
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    since        TEXT    NOT NULL
);
