using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Environment.World;
using Orchestrator.Storage;

namespace Orchestrator.Host.Composition;

/// <summary>
/// Seeds the simulated world with a newly applied definition. In environment: agents the world holds only what stays
/// simulated (nodes, the Exchange directory, shares, optional services and their start modes): the hierarchies' volumes,
/// address, DNS records and protected services are real, read from the agents, so no simulated stand-in is seeded that
/// would claim where they run. The world records the definition version it was seeded from (issue 15). A world file SQLite
/// cannot use is named, with the fix, in one line (exit 2).
/// </summary>
public sealed class SimulatedWorldSeeder(SimulatedWorld world, IWorldStateStore store, ILogger<SimulatedWorldSeeder> logger) : IWorldSeeder
{
    private const string Fix = "restore it from a backup, or move it aside and re-apply the cluster definition";

    public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Named(() => world.SeedAsync(definition.Environment == ClusterEnvironment.Agents ? WithoutRealResources(definition) : definition, cancellationToken));
    }

    public Task<long?> SeededVersionAsync(CancellationToken cancellationToken) => Named(() => world.SeededDefinitionVersionAsync(cancellationToken));

    public Task RecordSeededAsync(long version, CancellationToken cancellationToken) =>
        Named(async () =>
        {
            await world.RecordSeededDefinitionAsync(version, cancellationToken).ConfigureAwait(false);
            return version;
        });

    /// <summary>A SQLite world file gets a full quick_check; a world in a server database (PostgreSQL, SQL Server) is the server's to keep intact.</summary>
    public async Task EnsureIntactAsync(CancellationToken cancellationToken)
    {
        if (store is not SqliteWorldStateStore sqlite || await sqlite.CheckIntegrityAsync(cancellationToken).ConfigureAwait(false) is not { } problems)
        {
            return;
        }

        logger.LogError("Simulated world {Path} failed its integrity check: {Problems}", sqlite.FilePath, string.Join(System.Environment.NewLine, problems));
        var more = problems.Count > 1 ? $" and {problems.Count - 1} more problem(s), listed in the log" : "";
        throw new StorageException($"simulated world {sqlite.FilePath} is damaged ({OneLine(problems[0])}{more}); {Fix}");
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Runs a world operation; SQLite's failure on a world file becomes one line naming the file and the fix.</summary>
    private async Task<T> Named<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SqliteException e) when (store is SqliteWorldStateStore sqlite)
        {
            throw new StorageException($"simulated world {sqlite.FilePath} is not usable ({OneLine(e.Message)}); {Fix}", e);
        }
    }

    /// <summary>The definition less what the agents own: each hierarchy keeps its nodes, shares and unprotected optional services.</summary>
    internal static ClusterDefinition WithoutRealResources(ClusterDefinition definition) => definition with
    {
        Hierarchies = [.. definition.Hierarchies.Select(h => h with
        {
            Application = h.Application with { Services = [], OptionalServices = h.Application.UnprotectedOptionalServices() },
            Volumes = [],
            Address = null,
            Dns = [],
        })],
    };
}
