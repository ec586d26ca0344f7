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
public sealed class DefinitionStoreAction(IAuditJournal audit, IClusterDefinitionStore definitions, WorldReconciler reconciler, TimeProvider time) : IStepAction
{
    public string Action => AdminStepActions.DefinitionStore;

    public string Describe(string node, string target) => $"store the cluster definition changed for {target}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var procedure = execution.Procedure;
        var proposal = await ProposalAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
        var parsed = ClusterDefinitionParser.Parse(proposal.Yaml);
        var next = parsed.Definition
            ?? throw new EnvironmentException($"the definition procedure #{procedure.Id} carries no longer parses ({parsed.Errors[0].Message}); cancel it and run the command again", transient: false);
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
            var result = await definitions.ApplyAsync(stored, placements, row, cancellationToken).ConfigureAwait(false);
            version = result.Version;
            execution.Note = $"stored as definition v{version}";
        }

        await reconciler.SeedAsync(next, version, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AdminProposal> ProposalAsync(long procedureId, CancellationToken cancellationToken)
    {
        var rows = await audit.ListAsync(new AuditQuery(ProcedureId: procedureId, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        var requested = rows.OrderBy(r => r.Id).FirstOrDefault(r => r.TriggerName == "Requested");
        return AdminProposal.Parse(requested?.Data)
            ?? throw new EnvironmentException($"procedure #{procedureId} carries no proposed definition in its first audit row; cancel it and run the command again", transient: false);
    }
}
