-- Issue 15: the audit chain hashes each row's sequence. Rows written before keep the hash they were written with (the
-- journal is append-only: none is rewritten) and say so: hash_version 1; every row written since is version 2, whose
-- hash also covers its version and its id (a renumbered row no longer verifies). The writer takes the id itself
-- (nextval of the identity's sequence, after it holds the head: ids still grow along the chain) so that the one
-- statement can hash it; ids may have gaps (a transaction that rolled back used one), which audit verify accepts.
ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;

-- AuditHasher.Hash(id, entry, prev) (src/Orchestrator.Storage/Audit/AuditHasher.cs) in SQL, the same bytes: the version
-- and the id as decimal text, each followed by U+001F, then version 1's encoding (0005's audit_hash, kept for the
-- rows it hashed): every field in a fixed order, UTF-8, separated by U+001F, the instant as .NET's "O" format in UTC
-- (seven fraction digits; timestamptz keeps six, so the seventh is 0), absent values empty, the previous hash last but
-- one, the node(s), when present, last as "nodes:...". The one place PostgreSQL hashes an audit row: every writer
-- calls it.
CREATE FUNCTION audit_hash(
    id bigint, hash_version integer, at timestamptz, procedure_id bigint, kind text, hierarchy text, from_state text,
    to_state text, trigger_name text, actor text, reason text, data text, prev_hash text, nodes text)
    RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(
        hash_version::text || chr(31) || id::text || chr(31)
        || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '0Z'
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
