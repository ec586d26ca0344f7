-- Issue 13 (a step on PostgreSQL at most 3x a raw commit): the transition commit is one batch, one round trip. Two things
-- let it be: the audit row's hash is computed here, from the head it locks in the same statement (so no round trip to
-- read the head first), and a write that must change exactly one row says so in SQL (so no round trip to look).

-- AuditHasher.Hash (src/Orchestrator.Storage/Audit/AuditHasher.cs) in SQL, the same bytes: every field in a fixed
-- order, UTF-8, separated by U+001F, the instant as .NET's "O" format in UTC (seven fraction digits; timestamptz keeps
-- six, so the seventh is 0), absent values empty, the previous hash last but one, the node(s), when present, last as
-- "nodes:...". audit verify recomputes every hash in C#: a difference between the two would show there.
CREATE FUNCTION audit_hash(
    at timestamptz, procedure_id bigint, kind text, hierarchy text, from_state text, to_state text, trigger_name text,
    actor text, reason text, data text, prev_hash text, nodes text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '0Z'
        || chr(31) || COALESCE(procedure_id::text, '')
        || chr(31) || COALESCE(kind, '')
        || chr(31) || COALESCE(hierarchy, '')
        || chr(31) || COALESCE(from_state, '')
        || chr(31) || COALESCE(to_state, '')
        || chr(31) || COALESCE(trigger_name, '')
        || chr(31) || COALESCE(actor, '')
        || chr(31) || COALESCE(reason, '')
        || chr(31) || COALESCE(data, '')
        || chr(31) || prev_hash
        || CASE WHEN nodes IS NULL THEN '' ELSE chr(31) || 'nodes:' || nodes END,
        'UTF8')), 'hex')
$$;

-- A write that must change exactly @expected rows: anything else raises SQLSTATE OR001 with the expectation's name as
-- the constraint name (the store maps it by that name), so the batch's transaction ends and changes nothing.
CREATE FUNCTION expect_rows(actual bigint, expected bigint, name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF actual IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'refused: % (% rows changed, % expected)', name, actual, expected
            USING ERRCODE = 'OR001', CONSTRAINT = name;
    END IF;
END;
$$;

-- Issue 13 point 1: leases follow the database's clock. Every claim's expiry is set as lease_clock(...) + the lease and
-- compared with lease_clock(...), which is the database's now(): the runner's clock (the argument) is not used, so two
-- runners whose clocks disagree by minutes still agree on which claim is live. The argument is there so that a test
-- database may redefine this one function to follow the caller's simulated clock (the store contract tests do, as the
-- SQLite store does); production never redefines it. An inlinable SQL function: it costs nothing per row.
CREATE FUNCTION lease_clock(caller_now timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT now()
$$;
