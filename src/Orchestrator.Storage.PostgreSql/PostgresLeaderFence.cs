using Npgsql;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The fence on a leader's writes in PostgreSQL: first thing in the write's own transaction, the role's leader_terms row is
/// read <c>FOR SHARE</c> and must still be the current <see cref="LeaderFence"/>'s epoch and live at the fence's clock, as
/// <see cref="LeaderTermRule.Admits"/> says; else <see cref="StaleLeaderException"/> and the caller writes nothing.
/// </summary>
/// <remarks>
/// Why the share lock makes this safe: every acquisition (<see cref="PostgresLeaderStore"/>) updates that row, so it
/// takes the row's exclusive lock, which conflicts with the fence's share lock. A takeover therefore commits either
/// (a) before the fence reads the row — under READ COMMITTED a locking read that waited for the updater sees the
/// committed new version, so the fence sees the new epoch and refuses the write; or (b) after the write's transaction
/// ends — the takeover waits for the share lock, so the old leader's write commits entirely while its term was still the
/// stored, live one, and the new leader's epoch (and every decision under it) comes after it. There is no interleaving
/// in which a write commits under an epoch that was already replaced. Several fenced writes of one leader share the lock
/// and do not wait for each other.
/// </remarks>
internal static class PostgresLeaderFence
{
    /// <summary>Does nothing when no fence is entered (the write is not a leader's decision).</summary>
    public static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        if (LeaderFence.Current is not { } fence)
        {
            return;
        }

        var stored = await ReadAsync(connection, transaction, fence.Term.Role, "FOR SHARE").ConfigureAwait(false);
        var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
        if (!LeaderTermRule.Admits(state, fence.Term.Epoch, fence.Time.GetUtcNow()))
        {
            throw new StaleLeaderException(fence.Term.Role, fence.Term.Epoch, stored);
        }
    }

    /// <summary>The role's stored term; <paramref name="locking"/> is the row lock clause ("", "FOR SHARE", "FOR UPDATE").</summary>
    public static async Task<LeaderTerm?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string role, string locking = "")
    {
        await using var command = new NpgsqlCommand($"SELECT epoch, holder, expires_at FROM leader_terms WHERE role = @role {locking}", connection, transaction);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }

        var expires = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
        return new LeaderTerm(role, reader.GetInt64(0), reader.GetString(1), new DateTimeOffset(expires));
    }
}
