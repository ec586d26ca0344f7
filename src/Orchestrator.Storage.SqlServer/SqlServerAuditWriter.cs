using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Appends audit rows inside the caller's transaction, extending the hash chain from its head (issue 13 point 4): the
/// one-row <c>audit_head</c> is read WITH (UPDLOCK, HOLDLOCK) first, so concurrent appends queue there until the holder
/// commits and the chain never forks. One INSERT per row (the insert trigger checks each row against the head). Each
/// row's id is taken from the sequence <c>audit_log_ids</c> (db/sqlserver/0005) while the head is held, and hashed with
/// it (<see cref="AuditHasher.CurrentVersion"/>).
/// Within a leader's decision (a <see cref="Leadership.LeaderFence"/> entered) the term is checked first
/// (<see cref="SqlServerLeaderFence"/>: stale, nothing is written) and every row carries its epoch and holder
/// (leader_epoch, leader_holder: db/sqlserver/0002), as PostgreSQL's trigger stamps them.
/// </summary>
internal static class SqlServerAuditWriter
{
    private const string LockHeadSql = "SELECT hash FROM audit_head WITH (UPDLOCK, HOLDLOCK) WHERE one = 1";

    private const string NextIdSql = "SELECT NEXT VALUE FOR audit_log_ids";

    private const string InsertSql =
        """
        INSERT INTO audit_log (id, hash_version, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes, leader_epoch, leader_holder)
        VALUES (@Id, @Version, @At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes, @LeaderEpoch, @LeaderHolder)
        """;

    public static async Task AppendAsync(SqlConnection connection, SqlTransaction transaction, IEnumerable<NewAuditEntry> entries)
    {
        var list = entries as IReadOnlyCollection<NewAuditEntry> ?? [.. entries];
        if (list.Count == 0)
        {
            return;
        }

        var fence = await SqlServerLeaderFence.CheckAsync(connection, transaction).ConfigureAwait(false); // a leader's decision: its epoch still current (issue 13)
        var prev = await connection.ExecuteScalarAsync<string>(LockHeadSql, transaction: transaction).ConfigureAwait(false)
            ?? throw new StorageException("audit_head has no row: the SQL Server schema is incomplete (migrate the database)");
        foreach (var entry in list)
        {
            var e = entry with { At = SqlInstant.Stored(entry.At) };
            var id = await connection.ExecuteScalarAsync<long>(NextIdSql, transaction: transaction).ConfigureAwait(false);
            var hash = AuditHasher.Hash(id, e, prev);
            await connection.ExecuteAsync(
                InsertSql,
                new { Id = id, Version = AuditHasher.CurrentVersion, At = SqlInstant.Of(e.At), e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.Trigger, e.Actor, e.Reason, e.Data, Prev = prev, Hash = hash, e.Nodes,
                    LeaderEpoch = fence?.Term.Epoch, LeaderHolder = fence?.Term.Holder },
                transaction).ConfigureAwait(false);
            prev = hash;
        }
    }
}
