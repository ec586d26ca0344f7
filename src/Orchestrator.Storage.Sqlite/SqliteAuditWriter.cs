using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// Appends audit rows inside the caller's transaction, extending the hash chain. Each row's sequence is chosen here
/// (the next after the highest ever given: AUTOINCREMENT's <c>sqlite_sequence</c>, so an id is never given twice) and
/// hashed with it (<see cref="AuditHasher.CurrentVersion"/>).
/// </summary>
internal static class SqliteAuditWriter
{
    private const string ChainHeadSql = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";

    private const string LastIdSql =
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0), COALESCE((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1), 0))";

    private const string InsertSql =
        """
        INSERT INTO audit_log (id, hash_version, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
        VALUES (@Id, @Version, @At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes)
        """;

    /// <summary>On a connection of the caller's (its statements prepared for this call only).</summary>
    public static Task AppendAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        using var statements = new SqliteStatements(connection, cached: false) { Transaction = transaction };
        Append(statements, entries);
        return Task.CompletedTask;
    }

    /// <summary>With <paramref name="statements"/> (in their transaction); the chain's head is read anew every time, never cached.</summary>
    public static void Append(SqliteStatements statements, IEnumerable<NewAuditEntry> entries)
    {
        var prev = (string?)statements.Scalar(ChainHeadSql) ?? AuditHasher.Genesis;
        var id = (long)statements.Scalar(LastIdSql)!;
        foreach (var entry in entries)
        {
            var e = entry with { At = AuditInstant.Normalise(entry.At) };
            id++;
            var hash = AuditHasher.Hash(id, e, prev);
            statements.Execute(
                InsertSql,
                ("@Id", id), ("@Version", AuditHasher.CurrentVersion), ("@At", DapperConfiguration.Format(e.At)), ("@ProcedureId", e.ProcedureId), ("@Kind", e.Kind), ("@Hierarchy", e.Hierarchy),
                ("@FromState", e.FromState), ("@ToState", e.ToState), ("@Trigger", e.Trigger), ("@Actor", e.Actor), ("@Reason", e.Reason),
                ("@Data", e.Data), ("@Prev", prev), ("@Hash", hash), ("@Nodes", e.Nodes));
            prev = hash;
        }
    }
}
