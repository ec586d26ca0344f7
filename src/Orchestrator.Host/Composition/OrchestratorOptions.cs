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

    /// <summary>The simulated world's file; defaults to world.db in the data directory.</summary>
    public string? WorldPath { get; init; }

    public string ResolvedWorldPath => WorldPath ?? Path.Combine(Path.GetFullPath(DataDirectory), "world.db");
}
