using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Tests.Postgres;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// A contract case's PostgreSQL database (fresh and migrated, on the process's cluster); without the server's binaries,
/// asking for its connections skips the case with the fixture's reason. Its clock is the caller's
/// (<see cref="PostgresDatabase.UseCallerClockAsync"/>): the contracts give every row its instant, as on SQLite.
/// </summary>
public sealed class PostgresContractDatabase : IAsyncDisposable
{
    private PostgresDatabase? _db;

    public PostgresConnectionFactory Connections
    {
        get
        {
            Skip.If(_db is null, PostgresServer.MissingReason);
            return _db!.Connections;
        }
    }

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
            await _db.UseCallerClockAsync();
        }
    }

    public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;
}
