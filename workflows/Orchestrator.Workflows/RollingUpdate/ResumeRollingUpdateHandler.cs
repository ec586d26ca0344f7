using Mediator;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// Resumes a suspended update after re-checking its preconditions (nothing else active on it, every node of the run
/// up, the hierarchy in service somewhere): the first unfinished step runs again with a new generation, so every
/// "ensure" is evaluated against the world as the failover left it.
/// </summary>
public sealed class ResumeRollingUpdateHandler(
    RollingUpdates updates, IProcedureStore store, CurrentDefinition definitions, INodeProbe nodes, OperatorCommandSupport support, HoldingProcedures holders)
    : ICommandHandler<ResumeRollingUpdateCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(ResumeRollingUpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var key = RollingUpdates.KeyOf(command.Hierarchy, command.WholeCluster);
        var update = await updates.LatestAsync(key, cancellationToken).ConfigureAwait(false);
        await holders.ThrowIfDrainingAsync(update, null, cancellationToken).ConfigureAwait(false); // still Suspending: exit 3, naming the step
        if (update.State != RollingUpdateStates.Suspended)
        {
            throw new ProcedureStateException($"rolling update #{update.Id} of {key} is {update.State}, not suspended; nothing to resume");
        }

        var checks = await CheckPreconditionsAsync(update, key, cancellationToken).ConfigureAwait(false);
        var steps = await store.GetStepsAsync(update.Id, cancellationToken).ConfigureAwait(false);
        var next = steps.FirstOrDefault(s => s.Status is not (StepStatus.Done or StepStatus.Skipped))
            ?? throw new ProcedureStateException($"rolling update #{update.Id} has no step left to run; cancel it with `orchestrator update cancel {key}`");
        return await support.ResumeAsync(
            update, RollingUpdateTriggers.OperatorResume,
            [new StepChange(next.Seq, StepStatus.Ready, BumpGeneration: true, ResetAttempts: true)], next.Seq,
            new MachineInputs { ResumeState = next.Phase },
            command.Actor, $"{command.Actor} resumed rolling update #{update.Id} at step {next.Seq} ({next.Action} {next.Target} on {next.Node}); checked: {checks}",
            "resuming", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> CheckPreconditionsAsync(ProcedureRecord update, string key, CancellationToken cancellationToken)
    {
        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var hierarchies = key == StartRollingUpdateHandler.ClusterKey ? cluster.Hierarchies.Select(h => h.Name).ToList() : [key];
        foreach (var h in hierarchies)
        {
            // A resume starts the update's moves again: refused (exit 3, naming the holder) by the same rule as a new procedure.
            await holders.ThrowIfHeldAsync(await store.GetActiveAsync(h, cancellationToken).ConfigureAwait(false), isFailover: false, cancellationToken).ConfigureAwait(false);
        }

        var runNodes = key == StartRollingUpdateHandler.ClusterKey
            ? cluster.Nodes.Select(n => n.Name).ToList()
            : cluster.FindHierarchy(key)?.Priorities.Select(p => p.Node).ToList() ?? [];
        foreach (var node in runNodes)
        {
            if (!await nodes.IsUpAsync(node, cancellationToken).ConfigureAwait(false))
            {
                throw new ProcedureStateException($"node {node} is down; the update needs it — restore it (`orchestrator world restore-node {node}`) or `orchestrator update cancel`");
            }
        }

        var placements = await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        var unplaced = hierarchies.Where(h => placements.FirstOrDefault(p => string.Equals(p.Hierarchy, h, StringComparison.OrdinalIgnoreCase))?.Node is null).ToList();
        if (unplaced.Count > 0)
        {
            throw new ProcedureStateException($"{string.Join(", ", unplaced)} is in service on no node; bring it in service first, then resume");
        }

        return $"nothing else active, nodes {string.Join(", ", runNodes)} up, " +
            string.Join(", ", hierarchies.Select(h => $"{h} in service on {placements.First(p => string.Equals(p.Hierarchy, h, StringComparison.OrdinalIgnoreCase)).Node}"));
    }
}
