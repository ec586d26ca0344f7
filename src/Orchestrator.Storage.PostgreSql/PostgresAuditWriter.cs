using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Appends audit rows inside the caller's transaction, extending the hash chain from its head (issue 13 point 4): the
/// one-row <c>audit_head</c> is taken FOR UPDATE first, so concurrent appends queue there until the holder commits and the
/// chain never forks. The instant hashed is the instant stored (microseconds), so <c>audit verify</c> recomputes it.
/// </summary>
internal static class PostgresAuditWriter
{
    private const string LockHeadSql = "SELECT hash FROM audit_head WHERE one FOR UPDATE";

    private const string InsertSql =
        """
        INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
        VALUES (@At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes)
        """;

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        var list = entries as IReadOnlyCollection<NewAuditEntry> ?? [.. entries];
        if (list.Count == 0)
        {
            return;
        }

        var prev = await connection.ExecuteScalarAsync<string>(LockHeadSql, transaction: transaction).ConfigureAwait(false)
            ?? throw new StorageException("audit_head has no row: the PostgreSQL schema is incomplete (migrate the database)");
        foreach (var entry in list)
        {
            var e = entry with { At = PgInstant.Stored(entry.At) };
            var hash = AuditHasher.Hash(e, prev);
            await connection.ExecuteAsync(
                InsertSql,
                new { At = PgInstant.Of(e.At), e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.Trigger, e.Actor, e.Reason, e.Data, Prev = prev, Hash = hash, e.Nodes },
                transaction).ConfigureAwait(false);
            prev = hash;
        }
    }
}
