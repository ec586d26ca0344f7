-- Anti-flapping reads the failovers of the block period (every hierarchy's, once per monitor round) by creation time,
-- not by "the newest N" nor by a scan of the whole history.
CREATE INDEX ix_procedures_created_at ON procedures (created_at);
