using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Execution;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>
    /// Observes every node once (the orchestrator's probe) and every communication path with at least one end up,
    /// at the start of the round, at most <see cref="EngineOptions.MonitorParallelism"/> at once. A probe or path that
    /// cannot answer is recorded as such (unknown), never as down.
    /// </summary>
    private async Task<MonitorRound> ObserveAsync(ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        var probes = new NodeProbeAnswer[cluster.Nodes.Count];
        await Parallel.ForAsync(0, probes.Length, Bounded(cancellationToken), async (i, token) =>
            probes[i] = await ProbeAsync(cluster.Nodes[i].Name, token).ConfigureAwait(false)).ConfigureAwait(false);

        var up = probes.Where(p => p.Up == true).Select(p => p.Node).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var answers = new PathProbeAnswer[cluster.Paths.Count];
        await Parallel.ForAsync(0, answers.Length, Bounded(cancellationToken), async (i, token) =>
        {
            var path = cluster.Paths[i];
            if (!up.Contains(path.NodeA) && !up.Contains(path.NodeB))
            {
                answers[i] = new PathProbeAnswer(path.NodeA, path.NodeB, null, "neither end is up");
                return;
            }

            try
            {
                answers[i] = new PathProbeAnswer(path.NodeA, path.NodeB, await paths.IsPathUpAsync(path.NodeA, path.NodeB, token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers[i] = new PathProbeAnswer(path.NodeA, path.NodeB, null, e.Message);
            }
        }).ConfigureAwait(false);

        return new MonitorRound(cluster.Nodes.Select(n => n.Name), new LivenessObservation(probes, answers));
    }

    /// <summary>
    /// Reads, once per node and at most <see cref="EngineOptions.MonitorParallelism"/> at once, the resources of every
    /// hierarchy whose resources are checked on it this round. A read that fails makes those hierarchies unknown.
    /// </summary>
    private async Task ReadResourcesAsync(
        ClusterDefinition cluster, IEnumerable<(HierarchyDefinition Hierarchy, string On)> checkedHere, MonitorRound round, CancellationToken cancellationToken)
    {
        var queries = checkedHere
            .GroupBy(c => c.On, StringComparer.OrdinalIgnoreCase)
            .Select(g => new NodeResourceQuery(
                g.Key,
                g.SelectMany(c => c.Hierarchy.Application.Services.Select(s => s.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.SelectMany(c => c.Hierarchy.Volumes.Select(v => v.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.Where(c => c.Hierarchy.Address is not null && ClientRedirectionRule.MovesAddress(cluster, c.Hierarchy, c.On))
                    .Select(c => c.Hierarchy.Address!.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.SelectMany(c => c.Hierarchy.Dns.Select(d => new DnsRecordName(d.Type, d.Name))).Distinct().ToList()))
            .ToList();
        var reads = new (NodeResources? Resources, Exception? Error)[queries.Count];
        await Parallel.ForAsync(0, queries.Count, Bounded(cancellationToken), async (i, token) =>
        {
            try
            {
                reads[i] = (await resources.ReadResourcesAsync(queries[i], token).ConfigureAwait(false), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reads[i] = (null, e);
            }
        }).ConfigureAwait(false);

        for (var i = 0; i < queries.Count; i++)
        {
            if (reads[i].Resources is { } read)
            {
                round.Read(read);
            }
            else
            {
                round.Unreadable(queries[i].Node, reads[i].Error!);
            }
        }
    }

    private ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, options.MonitorParallelism), CancellationToken = cancellationToken };

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
