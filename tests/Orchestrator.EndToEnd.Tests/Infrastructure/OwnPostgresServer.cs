using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster for one test class alone (<see cref="PostgresServer.StartOwnAsync"/>), for tests that stop or
/// restart the server: the shared one serves the other classes running meanwhile. Null when the binaries are missing
/// (the tests are then skipped with <see cref="PostgresServer.MissingReason"/>).
/// </summary>
public sealed class OwnPostgresServer : IAsyncLifetime
{
    public PostgresServer? Server { get; private set; }

    public async Task InitializeAsync() => Server = PostgresServer.MissingReason is null ? await PostgresServer.StartOwnAsync() : null;

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
