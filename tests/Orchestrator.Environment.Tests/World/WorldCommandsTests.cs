using Microsoft.Data.Sqlite;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// The world's statements on the connection's handle (<see cref="WorldCommands"/>): bound by index, they keep what the
/// Microsoft.Data.Sqlite commands guaranteed: a parameter the statement names must be given (never bound as NULL), a
/// failing statement throws <see cref="SqliteException"/> (the kept connection is dropped on it), text round-trips as
/// UTF-8, and a kept statement runs again with new values.
/// </summary>
public sealed class WorldCommandsTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    public WorldCommandsTests()
    {
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (key TEXT NOT NULL PRIMARY KEY, value TEXT NULL, n INTEGER NULL);";
        create.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_kept_statement_runs_again_with_new_values_and_reads_what_it_wrote(bool cached)
    {
        using var commands = new WorldCommands(connection, cached);
        const string Insert = "INSERT INTO t (key, value, n) VALUES (@key, @value, @n);";

        Assert.Equal(1, commands.Execute(Insert, ("@key", "a"), ("@value", "żółw ✓"), ("@n", 1L)));
        Assert.Equal(1, commands.Execute(Insert, ("@key", "b"), ("@value", null), ("@n", 2)));

        var rows = commands.Query("SELECT key, value, n FROM t ORDER BY key;", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2)));
        Assert.Equal([("a", "żółw ✓", 1L), ("b", null, 2L)], rows);
        Assert.Equal(2L, commands.Scalar("SELECT n FROM t WHERE key = @key;", ("@key", "b")));
        Assert.Null(commands.Scalar("SELECT value FROM t WHERE key = @key;", ("@key", "b")));
        Assert.Null(commands.Scalar("SELECT value FROM t WHERE key = @key;", ("@key", "none")));
        Assert.Equal(cached ? 4 : 6, commands.Prepared);
    }

    [Fact]
    public void A_parameter_the_statement_names_must_be_given()
    {
        using var commands = new WorldCommands(connection, cached: true);

        Assert.Throws<InvalidOperationException>(() => commands.Execute("INSERT INTO t (key, value) VALUES (@key, @value);", ("@key", "a")));
        Assert.Equal(0L, commands.Scalar("SELECT count(*) FROM t;"));
    }

    [Fact]
    public void A_failing_statement_throws_a_SqliteException_and_the_next_one_runs()
    {
        using var commands = new WorldCommands(connection, cached: true);
        const string Insert = "INSERT INTO t (key) VALUES (@key);";
        commands.Execute(Insert, ("@key", "a"));

        var error = Assert.Throws<SqliteException>(() => commands.Execute(Insert, ("@key", "a")));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Throws<SqliteException>(() => commands.Execute("SELECT * FROM missing;"));

        Assert.Equal(1, commands.Execute(Insert, ("@key", "b")));
    }
}
