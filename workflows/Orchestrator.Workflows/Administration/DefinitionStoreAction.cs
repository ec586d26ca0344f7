using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The last step of every administration procedure: stores the next cluster definition the procedure carries in its first audit
/// row (<see cref="AdminProposal"/>), with its audit row, then seeds the world with it as <c>cluster apply</c> does. Idempotent:
/// when the stored text is already the proposal it only seeds again; when another version was stored since the procedure was
/// planned it stores nothing and stops, naming both versions (run the command again on the new one).
/// </summary>
public sealed class DefinitionStoreAction(ProposalReader proposals, IClusterDefinitionStore definitions, WorldReconciler reconciler, TimeProvider time) : IStepAction
{
    public string Action => AdminStepActions.DefinitionStore;

    public string Describe(string node, string target) => $"store the cluster definition changed for {target}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var procedure = execution.Procedure;
        var (proposal, next) = await proposals.ReadNextAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
        var current = await definitions.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        long version;
        if (current is not null && string.Equals(current.Sha256, proposal.Sha256, StringComparison.Ordinal))
        {
            version = current.Version;
            execution.Note = $"definition v{version} already holds the change";
        }
        else
        {
            var at = current?.Version ?? 0;
            if (at != proposal.BaseVersion)
            {
                throw new EnvironmentException(
                    $"the stored cluster definition is v{at}, not v{proposal.BaseVersion} that procedure #{procedure.Id} was planned on; nothing was stored: "
                    + $"cancel it (`orchestrator procedures cancel {procedure.Id}`) and run the command again", transient: false);
            }

            var now = time.GetUtcNow();
            var stored = new StoredDefinition
            {
                Sha256 = proposal.Sha256, ClusterName = next.Name, SourcePath = $"{proposal.Source} (procedure #{procedure.Id})", Yaml = proposal.Yaml,
                AppliedAt = now, AppliedBy = procedure.RequestedBy,
            };
            var forced = proposal.Overridden.Count > 0 ? $"; forced past: {string.Join("; ", proposal.Overridden)}" : "";
            var row = new NewAuditEntry(now, procedure.Id, "cluster", procedure.Hierarchy, null, null, "Apply", procedure.RequestedBy,
                $"{procedure.RequestedBy} changed cluster definition {next.Name} v{at} by `{proposal.Source}` (procedure #{procedure.Id}){forced}");
            var placements = next.Hierarchies.ToDictionary(h => h.Name, h => h.PrimaryNode, StringComparer.OrdinalIgnoreCase);
            var removed = current is null ? [] : Removed(current.Yaml, next);
            var result = await definitions.ApplyAsync(stored, placements, removed, row, cancellationToken).ConfigureAwait(false);
            version = result.Version;
            execution.Note = $"stored as definition v{version}";
        }

        await reconciler.SeedAsync(next, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The hierarchies of the stored text the next one no longer has: their placements go with the new version.</summary>
    private static List<string> Removed(string storedYaml, Domain.Cluster.ClusterDefinition next) =>
        ClusterDefinitionParser.Parse(storedYaml).Definition is { } before
            ? [.. before.Hierarchies.Where(h => next.FindHierarchy(h.Name) is null).Select(h => h.Name)]
            : [];
}
