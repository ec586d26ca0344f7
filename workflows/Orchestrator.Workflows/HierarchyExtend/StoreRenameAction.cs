using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>S11: renames one storage group, mailbox store or public store on the new node to the primary's name (an idempotent effect).</summary>
public sealed class StoreRenameAction(ProposalReader proposals, IHierarchyAdministration world) : IStepAction
{
    public string Action => AdminStepActions.StoreRename;

    public string Describe(string node, string target) => $"on {node}, rename {target.Replace(": ", " '", StringComparison.Ordinal).Replace(" -> ", "' to '", StringComparison.Ordinal)}'";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var hierarchy = await proposals.HierarchyAsync(execution.Procedure.Id, execution.Procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
        var rename = StoreRenameTarget.Read(execution.Step.Node, execution.Step.Target);
        if (!await world.RenameStoreAsync(hierarchy.Application.Name, rename, execution.Key, cancellationToken).ConfigureAwait(false))
        {
            execution.Note = $"{rename.Kind} '{rename.To}' was already named so";
        }
    }
}
