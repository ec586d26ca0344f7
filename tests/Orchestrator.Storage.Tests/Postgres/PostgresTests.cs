using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The PostgreSQL tests' entry: the process's cluster, or the test is reported as skipped with the reason (never passed).</summary>
internal static class PostgresTests
{
    public static Task<PostgresServer> ServerAsync()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        return PostgresServer.GetAsync();
    }

    /// <summary>A fresh, empty database of the process's cluster (skipped without the binaries).</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await ServerAsync().ConfigureAwait(false)).CreateDatabaseAsync().ConfigureAwait(false);
}
