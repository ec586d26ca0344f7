using System.Security.Cryptography;
using System.Text;
using Mediator;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Commands.ApplyCluster;

public sealed class ApplyClusterHandler(
    IClusterDefinitionStore store, IWorldSeeder world, IServiceStartModeControl startModes, IDefinitionResourceCheck resourceCheck, TimeProvider time)
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
        var result = await store.ApplyAsync(stored, placements, audit, cancellationToken).ConfigureAwait(false);
        await world.SeedAsync(definition, cancellationToken).ConfigureAwait(false);
        var notes = await new OptionalServiceProtection(startModes).SetManualStartAsync(definition, result.Version, cancellationToken).ConfigureAwait(false);
        return new ApplyClusterResult(definition.Name, result.Version, result.Changed, definition.Hierarchies.Select(h => h.Name).ToList(), result.Repeats) { Notes = notes };
    }
}
