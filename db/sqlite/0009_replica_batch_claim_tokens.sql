-- Issue 12 point 5: replica-list batches are claimed by the same mechanism as procedure steps. Every claim of a batch
-- raises its fencing token; the checkpoint, a give-back and a lease renewal name it and status 'running', so a worker
-- whose claim was taken over (its lease expired) changes nothing. dispatched_by tells the sweeper whose job queue holds
-- a dispatched batch: another worker's mark (a process that died) is dispatched again at once.
ALTER TABLE replica_batches ADD COLUMN claim_token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replica_batches ADD COLUMN dispatched_by TEXT;
