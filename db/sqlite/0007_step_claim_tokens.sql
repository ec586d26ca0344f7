-- Issue 12 point 1: every claim of a step gives it a new fencing token (a per-step counter, raised by each claim).
-- Every write on behalf of a claim (commit, give-back, wait, lease renewal) names its token and status 'running':
-- a worker whose claim was taken over (its lease expired) changes nothing.
ALTER TABLE procedure_steps ADD COLUMN claim_token INTEGER NOT NULL DEFAULT 0;
