using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Appends audit rows inside the caller's transaction, extending the hash chain.</summary>
internal static class SqliteAuditWriter
{
    private const string ChainHeadSql = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";

    private const string InsertSql =
        """
        INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
        VALUES (@At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes)
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
        foreach (var entry in entries)
        {
            var e = entry with { At = AuditInstant.Normalise(entry.At) };
            var hash = AuditHasher.Hash(e, prev);
            statements.Execute(
                InsertSql,
                ("@At", DapperConfiguration.Format(e.At)), ("@ProcedureId", e.ProcedureId), ("@Kind", e.Kind), ("@Hierarchy", e.Hierarchy),
                ("@FromState", e.FromState), ("@ToState", e.ToState), ("@Trigger", e.Trigger), ("@Actor", e.Actor), ("@Reason", e.Reason),
                ("@Data", e.Data), ("@Prev", prev), ("@Hash", hash), ("@Nodes", e.Nodes));
            prev = hash;
        }
    }
}
