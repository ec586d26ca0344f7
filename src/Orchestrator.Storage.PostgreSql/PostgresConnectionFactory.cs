using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Opens pooled connections to the product's PostgreSQL database (one <see cref="NpgsqlDataSource"/> per factory), with
/// the product's <see cref="PostgresConnectionDefaults.ForStores"/> where the connection string sets none.
/// </summary>
public sealed class PostgresConnectionFactory : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(PostgresConnectionDefaults.ForStores(connectionString));
    }

    /// <summary>The connection string as given (it may hold a password: never print or log it).</summary>
    public string ConnectionString { get; }

    /// <summary>The database's name and host, for messages (no credentials).</summary>
    public string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL database {b.Database} on {b.Host}:{b.Port}";
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Drops the pool's idle connections (after an outage they are dead) and retires the ones in use when they return.</summary>
    public void Clear() => _dataSource.Clear();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
