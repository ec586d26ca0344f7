using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The fence on a leader's writes in SQLite: inside the write's own transaction (IMMEDIATE: the write lock is held, so no
/// takeover can slip in before the commit), the stored term must still be the current <see cref="LeaderFence"/>'s epoch and
/// live, as <see cref="LeaderTermRule.Admits"/> says; else <see cref="StaleLeaderException"/> and the caller writes nothing.
/// </summary>
internal static class SqliteLeaderFence
{
    /// <summary>Does nothing when no fence is entered (the write is not a leader's decision).</summary>
    public static async Task CheckAsync(SqliteConnection connection, IDbTransaction transaction)
    {
        if (LeaderFence.Current is not { } fence)
        {
            return;
        }

        var stored = await ReadAsync(connection, transaction, fence.Term.Role).ConfigureAwait(false);
        var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
        if (!LeaderTermRule.Admits(state, fence.Term.Epoch, fence.Time.GetUtcNow()))
        {
            throw new StaleLeaderException(fence.Term.Role, fence.Term.Epoch, stored);
        }
    }

    public static async Task<LeaderTerm?> ReadAsync(SqliteConnection connection, IDbTransaction? transaction, string role)
    {
        var rows = (await connection.QueryAsync<(long Epoch, string Holder, string ExpiresAt)>(
            "SELECT epoch, holder, expires_at FROM leader_terms WHERE role = @role", new { role }, transaction).ConfigureAwait(false)).AsList();
        return rows.Count == 0 ? null : new LeaderTerm(role, rows[0].Epoch, rows[0].Holder, DapperConfiguration.ParseInstant(rows[0].ExpiresAt));
    }
}
