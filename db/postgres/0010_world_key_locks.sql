-- Issue 13 (the storm: two runners no slower than one): a world update's optimistic commit no longer queues on the one
-- row of world.world_lock. Its batch first takes, in one statement (world.lock_keys), transaction-level advisory locks
-- on the keys of what it read (shared) and of what it writes (exclusive; a key both read and written exclusive), in
-- one global order (the keys' hashes, sorted: no deadlock), after the world-wide key shared; then it checks its reads
-- (world.expect_unchanged, 0007) and writes. Two commits wait on each other only where one writes what the other read
-- or writes. The lock-first path takes the world-wide key exclusive (every commit of every process waits for it, and
-- it for them). The locks are in the two-int space of advisory locks (classid 2003792492 the world-wide key, 2003792493
-- the keys; objid hashtext(lower(key)), so keys fold case as the tables' lower(...) comparisons do), apart from the
-- one-bigint space of the leader's and the migrator's locks.
CREATE FUNCTION world.lock_keys(keys text[], exclusive boolean[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k record;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(2003792492, 0);
    FOR k IN
        SELECT hashtext(lower(t.key)) AS h, bool_or(t.x) AS x
        FROM unnest(keys, exclusive) AS t (key, x)
        GROUP BY 1
        ORDER BY 1
    LOOP
        IF k.x THEN
            PERFORM pg_advisory_xact_lock(2003792493, k.h);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(2003792493, k.h);
        END IF;
    END LOOP;
END;
$$;

-- Every effect increments the same counters (Calls, Applied...): one row per counter would serialise the commits again.
-- A counter is now the sum of its rows, one per backend that changed it (shard = pg_backend_pid(): a backend runs one
-- transaction at a time, so no two commits write one row), each row holding that backend's deltas. The counts stored so
-- far stay, in shard 0 (no backend has pid 0).
ALTER TABLE world.world_counters ADD COLUMN shard integer NOT NULL DEFAULT 0;
DROP INDEX world.world_counters_key;
CREATE UNIQUE INDEX world_counters_key ON world.world_counters (lower(scope), lower(key), shard);

-- The world's change mark (what the monitor compares to reuse an observation) without a hot row: one row per backend,
-- raised by every commit in its transaction, the mark being their sum. It starts where world.world_lock's version was.
CREATE TABLE world.world_marks (
    backend integer PRIMARY KEY,
    version bigint  NOT NULL
);
INSERT INTO world.world_marks (backend, version) SELECT 0, version FROM world.world_lock WHERE id = 1;
