using System.Globalization;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Issue 13, partition of a runner from the database: what the product adds to every PostgreSQL connection string unless
/// the string sets it. A runner cut off from the database with its process alive leaves a session the server cannot tell
/// from a slow client; when the cut fell inside a transaction, that session keeps its row locks (a procedure's row, the
/// leader's term) and the runner taking the work over waits on them for as long as the partition lasts. The server ends
/// such a session after <see cref="IdleInTransactionLimit"/> (<c>idle_in_transaction_session_timeout</c>; the product's
/// transactions never wait on their client between statements). On the runner's side, Npgsql bounds a command on a silent
/// network by its <c>Command Timeout</c> (30 s) plus <c>Cancellation Timeout</c> (2 s) and an opening by <c>Timeout</c>
/// (15 s); the claim heartbeat counts a lease lost once it ran out with no renewal through, whatever the network does.
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>The server setting that ends a session idle inside a transaction.</summary>
    public const string IdleInTransactionSetting = "idle_in_transaction_session_timeout";

    /// <summary>How long the server lets a session sit idle inside a transaction before it ends it (and its locks).</summary>
    public static readonly TimeSpan IdleInTransactionLimit = TimeSpan.FromSeconds(10);

    /// <summary><paramref name="connectionString"/> (Npgsql's key=value form) with the product's defaults where it sets none.</summary>
    public static string Apply(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (b.Options?.Contains(IdleInTransactionSetting, StringComparison.OrdinalIgnoreCase) != true)
        {
            var setting = string.Create(CultureInfo.InvariantCulture, $"-c {IdleInTransactionSetting}={(long)IdleInTransactionLimit.TotalMilliseconds}");
            b.Options = string.IsNullOrWhiteSpace(b.Options) ? setting : $"{b.Options} {setting}";
        }

        return b.ConnectionString;
    }

    /// <summary>
    /// <see cref="Apply"/>, and for the stores' own pool (<see cref="PostgresConnectionFactory"/>) no session reset when a
    /// connection goes back to it, unless the string says otherwise (<c>No Reset On Close</c>): the reset is server work at
    /// every step (about 12 % of a step in the <c>pgsteps</c> benchmark, 3.2-3.4x a raw commit with it, 2.8x without), and
    /// the stores leave no session state behind — their settings are transaction-local (<c>set_config(..., true)</c>),
    /// their advisory locks transaction-level, the leader's session lock and the migrator's lock are on connections of
    /// their own, and prepared statements are meant to stay. Hangfire's connections keep the reset (<see cref="Apply"/>).
    /// </summary>
    public static string ForStores(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(Apply(connectionString));
        if (!SetsReset(connectionString))
        {
            b.NoResetOnClose = true;
        }

        return b.ConnectionString;
    }

    private static bool SetsReset(string connectionString) =>
        connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase);
}
