using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// Cluster update of one node with nothing in service on it: agent stopped, package installed, agent restarted,
/// verified — tried up to the run's tries per node. A node that still fails is recorded and left alone (its
/// hierarchies stay elsewhere); once the run's maximum of failed nodes is reached the run stops for an operator.
/// </summary>
public sealed class NodeUpdateAction(INodeSoftware software, IProcedureStore store, ILogger<NodeUpdateAction> logger) : IStepAction
{
    public string Action => StepActions.NodeUpdate;

    public string Describe(string node, string target)
    {
        var t = NodeUpdateTarget.Parse(target);
        return $"update {node} to {t.Package} and verify it (up to {t.Retries} tries)";
    }

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var (node, target) = (execution.Step.Node, NodeUpdateTarget.Parse(execution.Step.Target));
        string? problem = null;
        for (var attempt = 1; attempt <= target.Retries; attempt++)
        {
            problem = await TryOnceAsync(execution, node, target.Package, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                execution.Note = $"{node} runs {target.Package}" + (attempt > 1 ? $" (after {attempt} tries)" : "");
                return;
            }

            logger.LogWarning("Update of {Node} to {Package}, try {Attempt} of {Tries}: {Problem}", node, target.Package, attempt, target.Retries, problem);
        }

        // The node is left with its agent running, out of every hierarchy's service.
        await software.EnsureAgentRunningAsync(node, execution.Key, cancellationToken).ConfigureAwait(false);
        var failed = await FailedNodesAsync(execution, target.Package, cancellationToken).ConfigureAwait(false);
        var summary = $"{node} failed its update after {target.Retries} tries ({problem}); {failed.Count} failed node(s): {string.Join(", ", failed)}";
        if (failed.Count >= target.MaxFailedNodes)
        {
            throw new EnvironmentException($"{summary} — the run stops at {target.MaxFailedNodes}; every hierarchy stays in service where it is", transient: false);
        }

        execution.Note = $"{summary}; the run goes on (it stops at {target.MaxFailedNodes})";
    }

    private async Task<string?> TryOnceAsync(StepExecution execution, string node, string package, CancellationToken cancellationToken)
    {
        try
        {
            await software.EnsureAgentStoppedAsync(node, execution.Key, cancellationToken).ConfigureAwait(false);
            await software.EnsureInstalledAsync(node, package, execution.Key, cancellationToken).ConfigureAwait(false);
            await software.EnsureAgentRunningAsync(node, execution.Key, cancellationToken).ConfigureAwait(false);
            return await software.VerifyAsync(node, package, cancellationToken).ConfigureAwait(false);
        }
        catch (EnvironmentException e) when (e is not StaleClaimException) // a stale claim stops the action: its step is fenced
        {
            return e.Message;
        }
    }

    /// <summary>This node and every node the run updated before it that does not verify.</summary>
    private async Task<List<string>> FailedNodesAsync(StepExecution execution, string package, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var step in await store.GetStepsAsync(execution.Procedure.Id, cancellationToken).ConfigureAwait(false))
        {
            if (step.Action == Action && step.Seq <= execution.Step.Seq
                && (step.Seq == execution.Step.Seq || await software.VerifyAsync(step.Node, package, cancellationToken).ConfigureAwait(false) is not null))
            {
                failed.Add(step.Node);
            }
        }

        return failed;
    }
}
