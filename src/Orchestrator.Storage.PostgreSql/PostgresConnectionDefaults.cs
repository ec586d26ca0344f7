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
}
