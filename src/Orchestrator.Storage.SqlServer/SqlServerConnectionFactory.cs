using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Opens pooled connections to the product's SQL Server database (SqlClient pools by connection string). A process that
/// uses it must not run in invariant globalization mode (the repository's default): SqlClient refuses to connect there.
/// </summary>
public sealed class SqlServerConnectionFactory
{
    public SqlServerConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
    }

    /// <summary>The connection string as given (it may hold a password: never print or log it).</summary>
    public string ConnectionString { get; }

    /// <summary>The database's name and server, for messages (no credentials).</summary>
    public string Describe() => Describe(ConnectionString);

    /// <summary>A connection string's database and server, for messages: never its user's password (nor the string itself when it does not parse).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new SqlConnectionStringBuilder(connectionString);
            return $"SQL Server database {(b.InitialCatalog.Length == 0 ? "(default)" : b.InitialCatalog)} on {b.DataSource}";
        }
        catch (ArgumentException)
        {
            return "SQL Server database (the connection string does not parse)";
        }
    }

    /// <summary>host:port of the server, for messages (1433 when the data source names no port; "host\\instance" as given).</summary>
    public string Endpoint() => Endpoint(ConnectionString);

    /// <summary>host:port of <paramref name="connectionString"/>'s data source ("?" when it does not parse): never a credential.</summary>
    public static string Endpoint(string connectionString)
    {
        string source;
        try
        {
            source = new SqlConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException)
        {
            return "?";
        }

        var colon = source.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && source[..colon].ToUpperInvariant() is "TCP" or "NP" or "LPC" or "ADMIN")
        {
            source = source[(colon + 1)..];
        }

        var parts = source.Split(',', 2, StringSplitOptions.TrimEntries);
        var host = parts[0] is "" or "." or "(local)" ? "localhost" : parts[0];
        return parts.Length == 2 ? $"{host}:{parts[1]}" : host.Contains('\\', StringComparison.Ordinal) ? host : $"{host}:1433";
    }

    /// <summary>SqlClient's refusal to connect in invariant globalization mode, said with what to change.</summary>
    internal StorageException Unsupported(NotSupportedException e) => new(
        $"cannot connect to the {Describe()}: this process runs in invariant globalization mode, which Microsoft.Data.SqlClient "
        + "does not support (it maps collations to code pages through ICU); run it with InvariantGlobalization false "
        + "(or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false where the runtimeconfig does not set it) and libicu installed",
        e);

    public async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (NotSupportedException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unsupported(e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
