using Microsoft.Data.SqlClient;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The fence on a leader's writes in SQL Server, the twin of PostgreSQL's: in the write's own transaction, the role's
/// leader_terms row is read <c>WITH (HOLDLOCK, ROWLOCK)</c> and must still be the current <see cref="LeaderFence"/>'s epoch and
/// live at the fence's clock (SQL Server's, <c>SYSUTCDATETIME()</c>, for a term in <see cref="LeaderTerm.DatabaseTime"/>),
/// as <see cref="LeaderTermRule.Admits"/> says; else <see cref="StaleLeaderException"/> and the caller writes nothing.
/// Admitted, the fence is returned so that the audit rows the transaction appends carry its epoch and holder
/// (<see cref="SqlServerAuditWriter"/>).
/// </summary>
/// <remarks>
/// Why the shared lock makes this safe: every acquisition (<see cref="SqlServerLeaderStore"/>) updates that row under an
/// exclusive lock, which conflicts with the shared lock HOLDLOCK keeps to the end of the write's transaction. A takeover
/// therefore commits either before the fence reads the row (a locking read, even under READ_COMMITTED_SNAPSHOT, waits for
/// it and sees the new epoch: refused) or after the write's transaction ends (the old leader's write committed while its
/// term was the stored, live one). Not verified against a server here: see the README's "SQL Server".
/// </remarks>
internal static class SqlServerLeaderFence
{
    /// <summary>The role's term, read without a lock (<c>cluster runners</c>, <c>GetTermAsync</c>).</summary>
    public const string ReadSql = "SELECT epoch, holder, expires_at FROM leader_terms WHERE role = @role";

    /// <summary>The fence's read: a shared lock kept to the transaction's end (HOLDLOCK), which a takeover's update waits for.</summary>
    public const string ReadSharedSql = "SELECT epoch, holder, expires_at FROM leader_terms WITH (HOLDLOCK, ROWLOCK) WHERE role = @role";

    /// <summary>An acquisition's read: an update lock kept to the transaction's end, on the key range too when the row is missing.</summary>
    public const string ReadForUpdateSql = "SELECT epoch, holder, expires_at FROM leader_terms WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE role = @role";

    /// <summary>SQL Server's clock now, UTC.</summary>
    public const string NowSql = "SELECT SYSUTCDATETIME()";

    /// <summary>The fence that admitted the transaction's write; null when no fence is entered (not a leader's decision).</summary>
    public static async Task<LeaderFence?> CheckAsync(SqlConnection connection, SqlTransaction transaction)
    {
        if (LeaderFence.Current is not { } fence)
        {
            return null;
        }

        var stored = await ReadAsync(connection, transaction, fence.Term.Role, ReadSharedSql).ConfigureAwait(false);
        var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
        var now = fence.Term.DatabaseTime ? await DatabaseNowAsync(connection, transaction).ConfigureAwait(false) : fence.Time.GetUtcNow();
        if (!LeaderTermRule.Admits(state, fence.Term.Epoch, now))
        {
            throw new StaleLeaderException(fence.Term.Role, fence.Term.Epoch, stored);
        }

        return fence;
    }

    /// <summary>SQL Server's clock now, in UTC (<c>SYSUTCDATETIME()</c>: the statement's, not the transaction's start).</summary>
    public static async Task<DateTimeOffset> DatabaseNowAsync(SqlConnection connection, SqlTransaction? transaction)
    {
        await using var command = new SqlCommand(NowSql, connection, transaction);
        var now = (DateTime)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        return new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc));
    }

    /// <summary>The role's stored term, read by <paramref name="sql"/> (<see cref="ReadSql"/>, <see cref="ReadSharedSql"/> or <see cref="ReadForUpdateSql"/>).</summary>
    public static async Task<LeaderTerm?> ReadAsync(SqlConnection connection, SqlTransaction? transaction, string role, string sql = ReadSql)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("@role", role);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }

        return new LeaderTerm(role, reader.GetInt64(0), reader.GetString(1), reader.GetDateTimeOffset(2).ToUniversalTime());
    }
}
