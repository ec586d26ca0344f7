using System.Security.Cryptography;
using System.Text;
using Mediator;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// `cluster apply`: validates the file, checks the world can take it (a damaged world.db refuses the apply before anything is
/// stored, issue 15), stores the definition with its audit row, then seeds the world through <see cref="WorldReconciler.SeedAsync"/>,
/// which records the version in the world last: an apply killed between the two files is completed by the next start.
/// </summary>
public sealed class ApplyClusterHandler(
    IClusterDefinitionStore store, IWorldSeeder world, WorldReconciler reconciler, IDefinitionResourceCheck resourceCheck, TimeProvider time)
    : ICommandHandler<ApplyClusterCommand, ApplyClusterResult>
{
    public async ValueTask<ApplyClusterResult> Handle(ApplyClusterCommand command, CancellationToken cancellationToken)
    {
        var parsed = await DefinitionFileReader.ReadAsync(command.Path, resourceCheck, cancellationToken).ConfigureAwait(false);
        if (parsed.Definition is not { } definition)
        {
            throw new DefinitionInvalidException(command.Path, parsed.Errors.Select(e => e.Format(command.Path)).ToList());
        }

        var yaml = await File.ReadAllTextAsync(command.Path, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        var now = time.GetUtcNow();
        var stored = new StoredDefinition
        {
            Sha256 = sha, ClusterName = definition.Name, SourcePath = Path.GetFullPath(command.Path), Yaml = yaml, AppliedAt = now, AppliedBy = command.Actor,
        };
        var placements = definition.Hierarchies.ToDictionary(h => h.Name, h => h.PrimaryNode);
        var audit = new NewAuditEntry(now, null, "cluster", null, null, null, "Apply", command.Actor,
            $"{command.Actor} applied cluster definition {definition.Name} from {stored.SourcePath} ({definition.Nodes.Count} nodes, {definition.Hierarchies.Count} hierarchies)");
        await world.EnsureIntactAsync(cancellationToken).ConfigureAwait(false);
        var result = await store.ApplyAsync(stored, placements, audit, cancellationToken).ConfigureAwait(false);
        var seeded = await reconciler.SeedAsync(definition, result.Version, cancellationToken).ConfigureAwait(false);
        return new ApplyClusterResult(definition.Name, result.Version, result.Changed, definition.Hierarchies.Select(h => h.Name).ToList(), result.Repeats) { Notes = seeded.Notes };
    }
}
