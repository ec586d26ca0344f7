-- Issue 13 (a storm: two runners must not be slower than one). Until now every transaction that appended an audit row
-- took the chain's one head row (audit_head) FOR UPDATE in its INSERT and held it through its commit's WAL flush, so
-- every step commit of every runner queued behind the previous one's flush: ~700 flushes in a row in a storm, and a
-- second runner only added contention. Now a transaction appends its rows to audit_pending (no lock shared with any
-- other writer: concurrent commits share their flushes), in the same commit as the transition they record, so the
-- durability contract is unchanged: a transition is recorded exactly when it commits. audit_link_pending() then moves
-- every committed pending row into the chain in one transaction under the head lock (point 4: appends to the chain are
-- still serialised through the one-row head; one flush for many rows): the writer's process calls it right after its
-- commit (in the background), and every reader of the journal calls it before it reads, so a reader never misses a
-- committed row and `audit verify` checks every row. A process killed between its commit and the link leaves its rows
-- pending; the next link of any process takes them.
CREATE TABLE audit_pending (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL,
    procedure_id  bigint,
    kind          text        NOT NULL,
    hierarchy     text,
    from_state    text,
    to_state      text,
    trigger_name  text        NOT NULL,
    actor         text        NOT NULL,
    reason        text        NOT NULL,
    data          text,
    nodes         text,
    leader_epoch  bigint,
    leader_holder text
);

-- The leader's term is stamped when the decision is written (the writer's transaction carries it, 0006), not when the
-- row is linked: linking copies the stamp as written.
CREATE OR REPLACE FUNCTION audit_log_stamp_leader() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'audit_log' AND current_setting('orchestrator.linking', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.leader_epoch := NULLIF(current_setting('orchestrator.leader_epoch', true), '')::bigint;
    NEW.leader_holder := NULLIF(current_setting('orchestrator.leader_holder', true), '');
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_pending_stamp_leader BEFORE INSERT ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_log_stamp_leader();

-- A pending row is as append-only as a linked one: never updated, and deleted only by the link that moved it.
CREATE FUNCTION audit_pending_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('orchestrator.linking', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_pending is append-only: % refused (rows leave it only by audit_link_pending())', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_pending_refuse_change();
CREATE TRIGGER audit_pending_no_delete BEFORE DELETE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_pending_refuse_change();
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Moves every committed pending row into the chain, oldest first, under the head lock; returns how many. Each row is
-- hashed as 0012 says (version 2: the version and the id taken here, after the head is held, so ids grow along the chain). Nothing
-- pending: returns at once without the lock (a reader with nothing to link does not queue behind a linker). Two linkers
-- queue on the head; the second's reads, each a new snapshot under READ COMMITTED, no longer see what the first moved.
CREATE FUNCTION audit_link_pending() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    head  text;
    r     audit_pending%ROWTYPE;
    moved bigint[] := '{}';
    next_id bigint;
    h     text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_pending) THEN
        RETURN 0;
    END IF;
    SELECT a.hash INTO head FROM audit_head a WHERE a.one FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit_head has no row' USING ERRCODE = 'OR001', CONSTRAINT = 'audit_head';
    END IF;
    PERFORM set_config('orchestrator.linking', 'on', true);
    FOR r IN SELECT * FROM audit_pending ORDER BY id LOOP
        next_id := nextval(pg_get_serial_sequence('audit_log', 'id'));
        h := audit_hash(next_id, 2, r.at, r.procedure_id, r.kind, r.hierarchy, r.from_state, r.to_state, r.trigger_name, r.actor, r.reason, r.data, head, r.nodes);
        INSERT INTO audit_log (id, hash_version, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes, leader_epoch, leader_holder)
        OVERRIDING SYSTEM VALUE
        VALUES (next_id, 2, r.at, r.procedure_id, r.kind, r.hierarchy, r.from_state, r.to_state, r.trigger_name, r.actor, r.reason, r.data, head, h, r.nodes, r.leader_epoch, r.leader_holder);
        head := h;
        moved := moved || r.id;
    END LOOP;
    DELETE FROM audit_pending WHERE id = ANY (moved);
    PERFORM set_config('orchestrator.linking', 'off', true);
    RETURN cardinality(moved);
END;
$$;
