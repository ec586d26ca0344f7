using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Environment.Ports;
using Orchestrator.Host.Composition;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A data directory as an apply before issue 16 left it when its file dropped a hierarchy in service on a backup: the
/// definition stored without it (and its placement), the world's record of it deleted with a tombstone (its users stay on
/// the backup). Written through the orchestrator's own stores and world port, composed in-process on the data directory.
/// </summary>
public static class UncheckedDeletion
{
    public static async Task ApplyAsync(string dataDirectory, string yaml, string hierarchy, string inServiceOn, string primary)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = dataDirectory, RunsJobs = false });
        await using var provider = services.BuildServiceProvider();
        var now = DateTimeOffset.UtcNow;
        await provider.GetRequiredService<IClusterDefinitionStore>().ApplyAsync(
            new StoredDefinition { Sha256 = "unchecked-apply", ClusterName = "exchange-two-node", SourcePath = "unchecked.yaml", Yaml = yaml, AppliedAt = now, AppliedBy = "tester" },
            new Dictionary<string, string>(), [hierarchy],
            new NewAuditEntry(now, null, "cluster", null, null, null, "Apply", "tester", $"an apply before issue 16 deleted {hierarchy} unchecked"),
            CancellationToken.None);
        await provider.GetRequiredService<IHierarchyAdministration>().DeleteAsync(hierarchy, inServiceOn, primary, new EffectKey(0, 2, 1), CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
