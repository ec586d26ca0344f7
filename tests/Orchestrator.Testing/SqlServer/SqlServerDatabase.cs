using System.Globalization;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Testing.SqlServer;

/// <summary>
/// A fresh database of its own on the SQL Server that <see cref="Variable"/> names (a connection string to a server the
/// tests may create databases on), dropped when disposed. SQL Server cannot run on the project's machines: when the
/// variable is unset, <see cref="MissingReason"/> says so and the SQL Server tests are reported as skipped with it. No
/// message of this class prints the connection string or its password (<see cref="Describe"/> names only server and database).
/// </summary>
public sealed class SqlServerDatabase : IAsyncDisposable
{
    /// <summary>The environment variable naming the server.</summary>
    public const string Variable = "ORCHESTRATOR_SQLSERVER";

    /// <summary>Why the SQL Server tests are skipped when <see cref="Variable"/> is unset.</summary>
    public const string NotSetReason =
        "ORCHESTRATOR_SQLSERVER is not set: SQL Server cannot run on this machine; set it to a server's connection string to run these tests";

    /// <summary>A case-insensitive collation, as the product's schema requires (it refuses a case-sensitive database).</summary>
    public const string Collation = "Latin1_General_100_CI_AS";

    private static int _databases;

    private readonly string _server;

    private SqlServerDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Why the SQL Server tests cannot run here (the variable is unset); null when a server is named.</summary>
    public static string? MissingReason => MissingReasonFor(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The reason for a value of <see cref="Variable"/>: <see cref="NotSetReason"/> when it is unset or blank.</summary>
    public static string? MissingReasonFor(string? value) => string.IsNullOrWhiteSpace(value) ? NotSetReason : null;

    /// <summary>The new database's name.</summary>
    public string Name { get; }

    /// <summary>The connection string to the new database (it holds the server's credentials: never print it).</summary>
    public string ConnectionString { get; }

    /// <summary>A new, empty database (collation <see cref="Collation"/>) on the named server; throws when none is named.</summary>
    public static Task<SqlServerDatabase> CreateAsync() =>
        CreateAsync(Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException(NotSetReason));

    /// <summary>
    /// Why SqlClient cannot connect from this process although a server is named: it runs in invariant globalization
    /// mode (the repository's default), which Microsoft.Data.SqlClient does not support; null when it can.
    /// </summary>
    public static string? GlobalizationProblem
    {
        get
        {
            try
            {
                _ = CultureInfo.GetCultureInfo("en-US");
                return null;
            }
            catch (CultureNotFoundException)
            {
                return $"{Variable} is set, but this test process runs in invariant globalization mode, which Microsoft.Data.SqlClient does not support: "
                    + $"build the tests with {Variable} set (Orchestrator.Storage.Tests then turns InvariantGlobalization off; libicu must be installed)";
            }
        }
    }

    /// <summary>A new, empty database on the server <paramref name="serverConnectionString"/> names.</summary>
    public static async Task<SqlServerDatabase> CreateAsync(string serverConnectionString)
    {
        var server = Parse(serverConnectionString);
        if (GlobalizationProblem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var unique = string.Create(CultureInfo.InvariantCulture, $"orch_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        var name = unique[..Math.Min(unique.Length, 64)];
        await ExecuteAsync(server, $"CREATE DATABASE [{name}] COLLATE {Collation}").ConfigureAwait(false);
        var database = new SqlConnectionStringBuilder(server.ConnectionString) { InitialCatalog = name };
        return new SqlServerDatabase(server.ConnectionString, name, database.ConnectionString);
    }

    /// <summary>Server and database, for messages: never a password (nor the string itself when it does not parse).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new SqlConnectionStringBuilder(connectionString);
            return $"SQL Server {b.DataSource}, database {(b.InitialCatalog.Length == 0 ? "(default)" : b.InitialCatalog)}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return "SQL Server (a connection string that does not parse)";
        }
    }

    /// <summary>The database is dropped (its pooled connections closed first, any other session's rolled back).</summary>
    public async ValueTask DisposeAsync()
    {
        using (var pooled = new SqlConnection(ConnectionString))
        {
            SqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync(
            new SqlConnectionStringBuilder(_server),
            $"IF DB_ID(N'{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END").ConfigureAwait(false);
    }

    private static SqlConnectionStringBuilder Parse(string serverConnectionString)
    {
        try
        {
            return new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = "master", Pooling = false };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The parser's message may quote the string: it is not passed on.
            throw new InvalidOperationException($"{Variable} is not a SQL Server connection string ({e.GetType().Name})");
        }
    }

    private static async Task ExecuteAsync(SqlConnectionStringBuilder server, string sql)
    {
        try
        {
            await using var connection = new SqlConnection(server.ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new SqlCommand(sql, connection) { CommandTimeout = 120 };
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (SqlException e)
        {
            // SqlClient's messages name the server and the login, never the password; the connection string is not quoted.
            throw new InvalidOperationException($"{Describe(server.ConnectionString)}: {e.Message}", e);
        }
    }
}
