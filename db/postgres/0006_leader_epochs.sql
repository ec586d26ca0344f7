-- Issue 13 point 3: every decision names the term it was made under. leader_term_history: one row per epoch ever
-- started (who held it, from when), written by the acquisition that starts it. audit_log gains leader_epoch and
-- leader_holder: a leader's fenced transaction (PostgresLeaderFence) sets the transaction-local settings
-- orchestrator.leader_epoch / orchestrator.leader_holder once its term is admitted, and the trigger below stamps them
-- on every audit row that transaction appends (NULL on rows that are not a leader's decision: an operator's command, a
-- step). The two columns are outside the hash chain (audit verify is unchanged); the append-only triggers keep them
-- as written.
CREATE TABLE leader_term_history (
    role        text        NOT NULL,
    epoch       bigint      NOT NULL,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    PRIMARY KEY (role, epoch)
);

INSERT INTO leader_term_history (role, epoch, holder, acquired_at) SELECT role, epoch, holder, acquired_at FROM leader_terms;

ALTER TABLE audit_log ADD COLUMN leader_epoch bigint, ADD COLUMN leader_holder text;

CREATE FUNCTION audit_log_stamp_leader() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.leader_epoch := NULLIF(current_setting('orchestrator.leader_epoch', true), '')::bigint;
    NEW.leader_holder := NULLIF(current_setting('orchestrator.leader_holder', true), '');
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_stamp_leader BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp_leader();
