namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>The store a crash test runs on (issue 13, point 6: the engine's crash tests run on both).</summary>
public enum TestStore
{
    /// <summary>The embedded default: orchestrator.db in the data directory.</summary>
    Sqlite,

    /// <summary>A fresh, migrated database of the test process's PostgreSQL cluster; the world stays in the data directory's world.db.</summary>
    Postgres,
}
