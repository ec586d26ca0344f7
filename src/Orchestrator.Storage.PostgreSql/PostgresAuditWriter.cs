using Npgsql;
using NpgsqlTypes;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Appends audit rows inside the caller's transaction (issue 13): each row goes to <c>audit_pending</c>, committed with the
/// transition it records and sharing no lock with any other writer, so concurrent commits do not queue on one another's
/// WAL flush; <see cref="PostgresAuditLinker"/> then moves committed pending rows into the hash chain, under the one-row
/// head lock (point 4), many rows in one commit (db/postgres/0013). The row's instant is the database's clock (issue 13
/// point 1: <c>lease_clock</c>; the entry's own instant, the runner's, is passed only so that a test database may follow
/// it), stored when the row is written and hashed as stored when it is linked, so <c>audit verify</c> recomputes it.
/// </summary>
internal static class PostgresAuditWriter
{
    /// <summary>The name a link that found no head fails under: the schema is incomplete.</summary>
    private const string HeadMissing = "audit_head";

    /// <summary>The name an append that wrote no row would fail under (the statement returns its one check row, as every append of a step commit's batch does).</summary>
    private const string Appended = "audit_pending";

    private static readonly string InsertSql = PgBatch.ExpectOne(
        """
        INSERT INTO audit_pending (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, nodes)
        VALUES (lease_clock(@At), @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Nodes)
        """,
        Appended);

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

    /// <summary>Appends the entries in one round trip inside <paramref name="transaction"/> (pending until linked: call <see cref="PostgresAuditLinker.Nudge"/> after the commit).</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddTo(batch, entries);
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>What a link that found no head means.</summary>
    public static StorageException MissingHead(PostgresException e) =>
        new("audit_head has no row: the PostgreSQL schema is incomplete (migrate the database)", e);

    /// <summary>Whether <paramref name="e"/> is a link that found no head.</summary>
    public static bool IsMissingHead(PostgresException e) => e.IsRefusal(HeadMissing);
}
