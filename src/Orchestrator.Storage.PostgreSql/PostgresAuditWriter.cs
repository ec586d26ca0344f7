using Npgsql;
using NpgsqlTypes;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Appends audit rows inside the caller's transaction, extending the hash chain from its head (issue 13 point 4): each
/// row's insert takes the one-row <c>audit_head</c> FOR UPDATE in the same statement, so concurrent appends queue there
/// until the holder commits and the chain never forks (the head's trigger refuses a row that does not extend it). The
/// hash is computed by the database (<c>audit_hash</c>, db/postgres/0012: <see cref="AuditHasher"/>'s version-2 bytes)
/// from the head it locked and the row's id, so an append needs no round trip to read the head first. The id is taken
/// explicitly (<c>nextval</c> of the identity's sequence, OVERRIDING SYSTEM VALUE) so that the same statement can hash
/// it, and only once the head is held, in the projection above the locked head: ids grow along the chain. The row's instant is the database's clock
/// (issue 13 point 1: <c>lease_clock</c>, the one clock of leases and due times; the entry's own instant, the runner's,
/// is passed only so that a test database may follow it), computed once and the same value both stored and hashed, so
/// <c>audit verify</c> recomputes it.
/// </summary>
internal static class PostgresAuditWriter
{
    /// <summary>The name an append that found no head fails under: the schema is incomplete.</summary>
    private const string HeadMissing = "audit_head";

    private static readonly string InsertSql = PgBatch.ExpectOne(
        $"""
        INSERT INTO audit_log (id, hash_version, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
        OVERRIDING SYSTEM VALUE
        SELECT n.id, {AuditHasher.CurrentVersion}, n.at, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, n.prev,
               audit_hash(n.id, {AuditHasher.CurrentVersion}, n.at, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, n.prev, @Nodes), @Nodes
          FROM (SELECT h.hash AS prev, nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, lease_clock(@At) AS at
                  FROM (SELECT hash FROM audit_head WHERE one FOR UPDATE) h) n
        """,
        HeadMissing);

    /// <summary>Adds one insert per entry, in order, to <paramref name="batch"/>.</summary>
    public static void AddTo(NpgsqlBatch batch, IEnumerable<NewAuditEntry> entries)
    {
        foreach (var e in entries)
        {
            batch.Add(InsertSql)
                .WithInstant("At", e.At)
                .With("ProcedureId", NpgsqlDbType.Bigint, e.ProcedureId)
                .With("Kind", NpgsqlDbType.Text, e.Kind)
                .With("Hierarchy", NpgsqlDbType.Text, e.Hierarchy)
                .With("FromState", NpgsqlDbType.Text, e.FromState)
                .With("ToState", NpgsqlDbType.Text, e.ToState)
                .With("Trigger", NpgsqlDbType.Text, e.Trigger)
                .With("Actor", NpgsqlDbType.Text, e.Actor)
                .With("Reason", NpgsqlDbType.Text, e.Reason)
                .With("Data", NpgsqlDbType.Text, e.Data)
                .With("Nodes", NpgsqlDbType.Text, e.Nodes);
        }
    }

    /// <summary>Appends the entries in one round trip inside <paramref name="transaction"/>.</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddTo(batch, entries);
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        try
        {
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsRefusal(HeadMissing))
        {
            throw MissingHead(e);
        }
    }

    /// <summary>What an append that found no head means.</summary>
    public static StorageException MissingHead(PostgresException e) =>
        new("audit_head has no row: the PostgreSQL schema is incomplete (migrate the database)", e);

    /// <summary>Whether <paramref name="e"/> is an append that found no head.</summary>
    public static bool IsMissingHead(PostgresException e) => e.IsRefusal(HeadMissing);
}
