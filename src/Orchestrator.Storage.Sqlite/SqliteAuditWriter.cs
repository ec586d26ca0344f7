using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Appends audit rows inside the caller's transaction, extending the hash chain.</summary>
internal static class SqliteAuditWriter
{
    public static async Task AppendAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        var prev = await connection.ExecuteScalarAsync<string?>(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", transaction: transaction).ConfigureAwait(false) ?? AuditHasher.Genesis;
        foreach (var e in entries)
        {
            var hash = AuditHasher.Hash(e, prev);
            await connection.ExecuteAsync(
                """
                INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
                VALUES (@At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes)
                """,
                new { At = DapperConfiguration.Format(e.At), e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.Trigger, e.Actor, e.Reason, e.Data, Prev = prev, Hash = hash, e.Nodes },
                transaction).ConfigureAwait(false);
            prev = hash;
        }
    }
}
