using System.Globalization;
using Npgsql;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The PostgreSQL floor: <c>BEGIN; INSERT one row; COMMIT</c> on an Npgsql connection kept open, in its own database on
/// the same cluster as the engine's (fsync on, synchronous_commit on: the commit returns once the WAL is flushed).
/// </summary>
internal sealed class PgRawCommitHarness : IRawCommit, IDisposable
{
    // About the size of an audit row, as in the SQLite harness.
    private static readonly string Payload = new('x', 240);

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly PostgresConnectionFactory _factory;
    private long _sequence;

    public PgRawCommitHarness(string connectionString)
    {
        _factory = new PostgresConnectionFactory(connectionString);
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        Execute("CREATE TABLE IF NOT EXISTS raw_commits (id bigserial PRIMARY KEY, at timestamptz NOT NULL, seq bigint NOT NULL, payload text NOT NULL);");
        var fsync = Scalar("SHOW fsync;");
        var synchronous = Scalar("SHOW synchronous_commit;");
        if (fsync != "on" || synchronous != "on")
        {
            throw new InvalidOperationException($"the raw commit database has fsync={fsync}, synchronous_commit={synchronous}; expected on and on");
        }

        DatabasePath = $"{_connection.Database} on {_connection.Host}:{_connection.Port} (fsync={fsync}, synchronous_commit={synchronous}, {Scalar("SHOW server_version;")})";
        _insert = new NpgsqlCommand("INSERT INTO raw_commits (at, seq, payload) VALUES ($1, $2, $3);", _connection);
        _insert.Parameters.Add(new NpgsqlParameter<DateTime>());
        _insert.Parameters.Add(new NpgsqlParameter<long>());
        _insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Payload });
        _insert.Prepare();
    }

    public string DatabasePath { get; }

    public void Commit()
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        ((NpgsqlParameter<DateTime>)_insert.Parameters[0]).TypedValue = DateTime.UtcNow;
        ((NpgsqlParameter<long>)_insert.Parameters[1]).TypedValue = ++_sequence;
        _insert.ExecuteNonQuery();
        transaction.Commit();
    }

    public async Task FactoryCommitAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = new NpgsqlCommand("INSERT INTO raw_commits (at, seq, payload) VALUES ($1, $2, $3);", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++_sequence });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Payload });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
        _factory.Dispose();
    }
}
