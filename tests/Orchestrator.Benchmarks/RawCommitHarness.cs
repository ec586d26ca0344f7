using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The floor: one durable SQLite commit (BEGIN IMMEDIATE; INSERT one row; COMMIT) on a file in the same directory
/// as the engine's database, with the product's settings: WAL, synchronous=FULL, pooled connections.
/// </summary>
internal sealed class RawCommitHarness : IRawCommit, IDisposable
{
    // About the size of an audit row, so the page writes are comparable.
    private static readonly string Payload = new('x', 240);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteConnectionFactory _factory;
    private long _sequence;

    public RawCommitHarness(string directory)
    {
        var path = Path.Combine(directory, "raw-commit.db");

        // Same connection string as the product's SqliteConnectionFactory (ReadWriteCreate, pooling, 30 s timeout).
        _factory = new SqliteConnectionFactory(path);
        _connection = new SqliteConnection(_factory.ConnectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;"); // what SqliteMigrator sets on the product's file
        Execute("PRAGMA synchronous=FULL;"); // the bundled default, which the product relies on; stated here so the baseline is durable whatever the build
        Execute("CREATE TABLE IF NOT EXISTS raw_commits (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL);");
        var mode = Scalar("PRAGMA journal_mode;");
        var sync = Scalar("PRAGMA synchronous;");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) || sync != "2")
        {
            throw new InvalidOperationException($"raw commit database is journal_mode={mode}, synchronous={sync}; expected wal and 2 (FULL)");
        }

        DatabasePath = path;
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO raw_commits (at, seq, payload) VALUES ($at, $seq, $payload);";
        _insert.Parameters.Add("$at", SqliteType.Text);
        _insert.Parameters.Add("$seq", SqliteType.Integer);
        _insert.Parameters.Add("$payload", SqliteType.Text).Value = Payload;
    }

    public string DatabasePath { get; }

    /// <summary>One raw durable commit on a connection kept open: the cost of the commit itself.</summary>
    public void Commit()
    {
        using var transaction = _connection.BeginTransaction(); // deferred: false, i.e. BEGIN IMMEDIATE
        _insert.Transaction = transaction;
        _insert.Parameters[0].Value = Now();
        _insert.Parameters[1].Value = ++_sequence;
        _insert.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// The same commit the way the product's stores make each of theirs: open a pooled connection through
    /// <see cref="SqliteConnectionFactory"/>, BEGIN IMMEDIATE, INSERT, COMMIT, close.
    /// Informative: it separates what the product pays per connection from what it pays per commit.
    /// </summary>
    public async Task FactoryCommitAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO raw_commits (at, seq, payload) VALUES ($at, $seq, $payload);";
        insert.Parameters.AddWithValue("$at", Now());
        insert.Parameters.AddWithValue("$seq", ++_sequence);
        insert.Parameters.AddWithValue("$payload", Payload);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Mean time of <paramref name="commits"/> raw commits back to back, in µs.</summary>
    public static double MeasureMicros(RawCommitHarness raw, int commits)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < commits; i++)
        {
            raw.Commit();
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / commits;
    }

    public long Rows => long.Parse(Scalar("SELECT COUNT(*) FROM raw_commits;") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    /// <summary>An instant as the product stores it (ISO-8601 UTC text, 100 ns).</summary>
    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
