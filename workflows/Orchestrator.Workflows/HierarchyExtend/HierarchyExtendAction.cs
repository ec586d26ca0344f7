using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>
/// S11 on the new node, when the procedure runs: the extend rule again, with the database names read now on the primary and
/// the node (the renames of the earlier steps done, none may remain), then the node made able to run the hierarchy (an
/// idempotent effect). A node whose names are unknown (down, or saying nothing) is not refused for it: unknown is not failed.
/// </summary>
public sealed class HierarchyExtendAction(ProposalReader proposals, IHierarchyAdministration world) : IStepAction
{
    public string Action => AdminStepActions.HierarchyExtend;

    public string Describe(string node, string target) => $"extend hierarchy {target} to {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var (procedure, node) = (execution.Procedure, execution.Step.Node);
        var (_, next) = await proposals.ReadNextAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
        var extended = next.FindHierarchy(procedure.Hierarchy)
            ?? throw new EnvironmentException($"the definition procedure #{procedure.Id} carries has no hierarchy {procedure.Hierarchy}; cancel it and run the command again", transient: false);
        var before = extended with { Priorities = [.. extended.Priorities.Where(p => !string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase))] };
        var application = extended.Application.Name;
        var primaryNames = await world.ReadStoreNamesAsync(before.PrimaryNode, application, cancellationToken).ConfigureAwait(false);
        var nodeNames = await world.ReadStoreNamesAsync(node, application, cancellationToken).ConfigureAwait(false);
        var check = HierarchyExtendRule.Check(new HierarchyExtension(next, before, node, extended.PriorityOf(node), primaryNames, nodeNames));
        if (check.Verdict.IsRefused)
        {
            throw new EnvironmentException($"{string.Join("; ", check.Verdict.Refusals.Select(f => f.Message))}; cancel the procedure (`orchestrator procedures cancel {procedure.Id}`), fix it and extend again", transient: false);
        }

        if (check.Renames.Count > 0)
        {
            throw new EnvironmentException(
                $"the database names on {node} differ from the primary {before.PrimaryNode}'s: {string.Join("; ", check.Renames)}; "
                + $"cancel the procedure (`orchestrator procedures cancel {procedure.Id}`) and extend again with --apply-renames", transient: false);
        }

        if (primaryNames is null || nodeNames is null)
        {
            execution.Note = $"database names not compared: {(primaryNames is null ? before.PrimaryNode : node)} does not say them (unknown)";
        }

        await world.ExtendAsync(node, extended, execution.Key, cancellationToken).ConfigureAwait(false);
    }
}
