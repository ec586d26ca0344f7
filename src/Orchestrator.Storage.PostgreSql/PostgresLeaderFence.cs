using Npgsql;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The fence on a leader's writes in PostgreSQL: first thing in the write's own transaction, the role's leader_terms row is
/// read <c>FOR SHARE</c> and must still be the current <see cref="LeaderFence"/>'s epoch and live at the fence's clock (the
/// database's, for a term in <see cref="LeaderTerm.DatabaseTime"/>), as <see cref="LeaderTermRule.Admits"/> says; else
/// <see cref="StaleLeaderException"/> and the caller writes nothing. Admitted, the transaction carries the epoch and its
/// holder (transaction-local settings <c>orchestrator.leader_epoch</c> / <c>orchestrator.leader_holder</c>), which
/// db/postgres/0006's trigger stamps on every audit row the transaction appends: each decision row names its term.
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
        await using var command = new NpgsqlCommand(
            """
            SELECT clock_timestamp(), set_config('orchestrator.leader_epoch', @epoch, true), set_config('orchestrator.leader_holder', @holder, true)
            """, connection, transaction);
        command.Parameters.AddWithValue("epoch", fence.Term.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("holder", fence.Term.Holder);
        var databaseNow = Utc((DateTime)(await command.ExecuteScalarAsync().ConfigureAwait(false))!);
        var now = fence.Term.DatabaseTime ? databaseNow : fence.Time.GetUtcNow();
        if (!LeaderTermRule.Admits(state, fence.Term.Epoch, now))
        {
            throw new StaleLeaderException(fence.Term.Role, fence.Term.Epoch, stored);
        }
    }

    /// <summary>The database's clock now (<c>clock_timestamp()</c>: not the transaction's start, which a lock wait would leave behind).</summary>
    public static async Task<DateTimeOffset> DatabaseNowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection, transaction);
        return Utc((DateTime)(await command.ExecuteScalarAsync().ConfigureAwait(false))!);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

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
