using System.Security.Cryptography;
using System.Text;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>A `cluster apply` killed between storing the definition and seeding the world: the real store has it, the world never heard of it.</summary>
public static class InterruptedApply
{
    public static async Task StoreWithoutSeedingAsync(TestOrchestrator o, string yaml, DateTimeOffset appliedAt)
    {
        var stored = new StoredDefinition
        {
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))), ClusterName = "interrupted",
            SourcePath = Path.Combine(o.Directory, "interrupted.yaml"), Yaml = yaml, AppliedAt = appliedAt, AppliedBy = "tester",
        };
        var placements = ClusterDefinitionParser.Parse(yaml).Definition!.Hierarchies.ToDictionary(h => h.Name, h => h.PrimaryNode);
        await o.Get<IClusterDefinitionStore>().ApplyAsync(stored, placements,
            new NewAuditEntry(appliedAt, null, "cluster", null, null, null, "Apply", "tester", "tester applied a cluster definition (then the apply was killed)"),
            CancellationToken.None);
    }
}
