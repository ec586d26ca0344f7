using Orchestrator.Engine.Execution;

namespace Orchestrator.Host.Composition;

/// <summary>How to compose an orchestrator process.</summary>
public sealed class OrchestratorOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>True for a process that runs steps (serve, --wait, demo); false for a process that only records requests.</summary>
    public bool RunsJobs { get; init; }

    /// <summary>Which provider holds the product's tables and Hangfire's jobs (default: SQLite in the data directory).</summary>
    public StoreSelection Store { get; init; } = StoreSelection.Sqlite;

    public EngineOptions Engine { get; init; } = new();

    /// <summary>
    /// The simulated world's SQLite file; when null, the world is in the store's database on PostgreSQL or SQL Server
    /// (<see cref="WorldInDatabase"/>), else world.db in the data directory.
    /// </summary>
    public string? WorldPath { get; init; }

    /// <summary>The runner's own clock (default: the system's); a test seam, e.g. a runner whose clock is minutes off.</summary>
    public TimeProvider? LocalClock { get; init; }

    /// <summary>True when the world lives in the store's PostgreSQL or SQL Server database (schema world) rather than in a SQLite file.</summary>
    public bool WorldInDatabase => WorldPath is null && (Store.Kind is StoreKind.Postgres or StoreKind.SqlServer);

    public string ResolvedWorldPath => WorldPath ?? Path.Combine(Path.GetFullPath(DataDirectory), "world.db");
}
