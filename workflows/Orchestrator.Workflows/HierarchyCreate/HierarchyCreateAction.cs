using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyCreate;

/// <summary>
/// S10 on the node, when the procedure runs: the create rule again on the Exchange data the node reports now (a node that
/// says nothing is retried: unknown, not failed), then the hierarchy recorded there (an idempotent effect).
/// </summary>
public sealed class HierarchyCreateAction(ProposalReader proposals, Engine.Administration.RunningStateReader running, IHierarchyAdministration world) : IStepAction
{
    public string Action => AdminStepActions.HierarchyCreate;

    public string Describe(string node, string target) => $"create hierarchy {target} on {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var (procedure, node) = (execution.Procedure, execution.Step.Node);
        var (_, next) = await proposals.ReadNextAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
        var h = next.FindHierarchy(procedure.Hierarchy)
            ?? throw new EnvironmentException($"the definition procedure #{procedure.Id} carries has no hierarchy {procedure.Hierarchy}; cancel it and run the command again", transient: false);
        var reading = await world.ReadExchangeDataAsync(node, h.Application.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new EnvironmentException($"{node} does not say where the Exchange data of {h.Application.Name} lives (unknown: is it up?)");
        var now = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
        var verdict = HierarchyCreateRule.Check(new HierarchyCreation(h.Name, node, reading.SystemDrive, reading.Files, reading.Volumes, now));
        if (verdict.IsRefused)
        {
            throw new EnvironmentException(
                $"{string.Join("; ", verdict.Refusals.Select(f => f.Message))}; cancel the procedure (`orchestrator procedures cancel {procedure.Id}`)", transient: false);
        }

        if (!await world.CreateAsync(node, h, execution.Key, cancellationToken).ConfigureAwait(false))
        {
            execution.Note = $"the world already recorded {h.Name} on {node}";
        }
    }
}
