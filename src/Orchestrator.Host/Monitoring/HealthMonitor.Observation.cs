using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>
    /// Observes every node once (the orchestrator's probe) and every communication path with at least one end up,
    /// at the start of the round. A probe or path that cannot answer is recorded as such (unknown), never as down.
    /// </summary>
    private async Task<MonitorRound> ObserveAsync(ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        var probes = new List<NodeProbeAnswer>(cluster.Nodes.Count);
        foreach (var node in cluster.Nodes)
        {
            probes.Add(await ProbeAsync(node.Name, cancellationToken).ConfigureAwait(false));
        }

        var up = probes.Where(p => p.Up == true).Select(p => p.Node).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var answers = new List<PathProbeAnswer>(cluster.Paths.Count);
        foreach (var path in cluster.Paths)
        {
            if (!up.Contains(path.NodeA) && !up.Contains(path.NodeB))
            {
                answers.Add(new PathProbeAnswer(path.NodeA, path.NodeB, null, "neither end is up"));
                continue;
            }

            try
            {
                answers.Add(new PathProbeAnswer(path.NodeA, path.NodeB, await paths.IsPathUpAsync(path.NodeA, path.NodeB, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers.Add(new PathProbeAnswer(path.NodeA, path.NodeB, null, e.Message));
            }
        }

        return new MonitorRound(cluster.Nodes.Select(n => n.Name), new LivenessObservation(probes, answers));
    }

    private async Task<NodeProbeAnswer> ProbeAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            return new NodeProbeAnswer(node, await nodes.IsUpAsync(node, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NodeProbeAnswer.NoAnswer(node, e.Message);
        }
    }

    /// <summary>
    /// Before a failing resource is blamed, makes sure its node is still there: a node that died after the round's
    /// observation is a node failure (its resources are not "failed services", S18). A probe that cannot answer
    /// settles nothing: the resources' own evidence stands.
    /// </summary>
    private async Task<bool> NodeGoneAsync(MonitorRound round, HierarchyDefinition hierarchy, string on, CancellationToken cancellationToken)
    {
        var verdict = round.VerdictOf(on);
        if (verdict.IsUnreachable)
        {
            return true;
        }

        if (round.IsConfirmed(on))
        {
            return false;
        }

        var answer = await ProbeAsync(on, cancellationToken).ConfigureAwait(false);
        if (answer.Up == false)
        {
            var atStart = verdict.IsAlive ? "alive" : "of unknown liveness";
            round.FoundGone(on, $"{on} did not answer the orchestrator's probe while the resources of {hierarchy.Name} were checked (it was {atStart} at the start of the round)");
            return true;
        }

        if (answer.Up == true)
        {
            round.Confirm(on);
        }

        return false;
    }
}
