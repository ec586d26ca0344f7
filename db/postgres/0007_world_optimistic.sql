-- Issue 13 (the storm: two runners no slower than one): a world update reads its rows without the world's lock, in a
-- snapshot, then commits in one batch that takes the lock row and checks, in SQL, that every read it made still
-- answers the same (the digest of the read query's rows, as the update saw them). A read that changed raises SQLSTATE
-- OR002 with the read's table as the constraint name (the store maps it by that code and counts the table), so the
-- batch's implicit transaction ends and changes nothing; the store then runs the update again from a fresh read.
CREATE FUNCTION world.expect_unchanged(actual text, expected text, name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF actual IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'changed since read: %', name USING ERRCODE = 'OR002', CONSTRAINT = name;
    END IF;
END;
$$;
