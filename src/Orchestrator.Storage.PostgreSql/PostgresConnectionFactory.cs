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
        AuditLinker = new PostgresAuditLinker(OpenAsync);
    }

    /// <summary>This database's linker of pending audit rows (db/postgres/0013): every store that appends nudges it, every reader links first.</summary>
    public PostgresAuditLinker AuditLinker { get; }

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

    /// <summary>Lets a background link under way finish (a short command's last rows are linked before it exits), then closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await AuditLinker.DrainAsync(DrainTimeout).ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        AuditLinker.DrainAsync(DrainTimeout).GetAwaiter().GetResult();
        _dataSource.Dispose();
    }

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
}
