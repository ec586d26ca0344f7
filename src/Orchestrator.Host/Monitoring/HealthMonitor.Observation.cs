using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Execution;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>
    /// Observes every node once (the orchestrator's probe) and every communication path with at least one end up,
    /// at the start of the round: all the nodes in one call of the node probe and all those paths in one call of the path
    /// probe (one read each of the simulated world; an agent's probes run at most
    /// <see cref="EngineOptions.MonitorParallelism"/> at once). A probe or path that cannot answer is recorded as such
    /// (unknown), never as down; a call that fails as a whole leaves every node or path it asked about unknown. A probe
    /// whose observation mark has not moved since it answered the same question is not asked again (<see cref="KeptAnswers"/>).
    /// </summary>
    private async Task<MonitorRound> ObserveAsync(ClusterDefinition cluster, ObservationMarks marks, CancellationToken cancellationToken)
    {
        var names = cluster.Nodes.Select(n => n.Name).ToList();
        var probes = _kept.Probes(marks.Nodes, names);
        if (probes is null)
        {
            try
            {
                probes = await nodes.ProbeNodesAsync(names, Parallelism, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                probes = names.Select(n => NodeProbeAnswer.NoAnswer(n, e.Message)).ToList();
            }

            _kept.KeepProbes(marks.Nodes, names, probes);
        }

        var up = probes.Where(p => p.Up == true).Select(p => p.Node).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var answers = new PathProbeAnswer[cluster.Paths.Count];
        var asked = new List<int>(answers.Length);
        for (var i = 0; i < answers.Length; i++)
        {
            var path = cluster.Paths[i];
            if (up.Contains(path.NodeA) || up.Contains(path.NodeB))
            {
                asked.Add(i);
            }
            else
            {
                answers[i] = new PathProbeAnswer(path.NodeA, path.NodeB, null, "neither end is up");
            }
        }

        if (asked.Count > 0)
        {
            var pairs = asked.Select(i => (cluster.Paths[i].NodeA, cluster.Paths[i].NodeB)).ToList();
            var probed = _kept.Paths(marks.Paths, pairs);
            if (probed is null)
            {
                try
                {
                    probed = await paths.ProbePathsAsync(pairs, Parallelism, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    probed = asked.Select(i => new PathProbeAnswer(cluster.Paths[i].NodeA, cluster.Paths[i].NodeB, null, e.Message)).ToList();
                }

                _kept.KeepPaths(marks.Paths, pairs, probed);
            }

            for (var k = 0; k < asked.Count; k++)
            {
                answers[asked[k]] = probed[k];
            }
        }

        return new MonitorRound(names, new LivenessObservation(probes, answers));
    }

    /// <summary>
    /// Reads the resources of every hierarchy whose resources are checked this round: one query per node, all the nodes
    /// in one call of the resource probe (one read of the simulated world; an agent's reads run at most
    /// <see cref="EngineOptions.MonitorParallelism"/> at once). A read that fails makes those hierarchies unknown. A node
    /// asked the same as when its resources were read under the same observation mark is not read again (<see cref="KeptAnswers"/>).
    /// </summary>
    private async Task ReadResourcesAsync(
        ClusterDefinition cluster, List<(HierarchyDefinition Hierarchy, string On)> checkedHere, MonitorRound round, long? mark,
        CancellationToken cancellationToken)
    {
        var queries = _queries.For(cluster, checkedHere);
        var asked = new List<NodeResourceQuery>(queries.Count);
        foreach (var query in queries)
        {
            if (_kept.Resources(mark, query) is { } kept)
            {
                round.Read(kept);
            }
            else
            {
                asked.Add(query);
            }
        }

        if (asked.Count == 0)
        {
            return;
        }

        IReadOnlyList<NodeResourcesRead> reads;
        try
        {
            reads = await resources.ReadAllResourcesAsync(asked, Parallelism, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reads = asked.Select(q => new NodeResourcesRead(q, null, e)).ToList();
        }

        foreach (var read in reads)
        {
            _kept.KeepResources(mark, read);
            if (read.Resources is { } found)
            {
                round.Read(found);
            }
            else
            {
                round.Unreadable(read.Query.Node, read.Error!);
            }
        }
    }

    private int Parallelism => Math.Max(1, options.MonitorParallelism);

    /// <summary>The observation mark of each source the round asks (each distinct source once); null for one that cannot tell.</summary>
    private async Task<ObservationMarks> MarksAsync(CancellationToken cancellationToken)
    {
        var ofNodes = await MarkOfAsync(nodes, cancellationToken).ConfigureAwait(false);
        var ofPaths = ReferenceEquals(paths, nodes) ? ofNodes : await MarkOfAsync(paths, cancellationToken).ConfigureAwait(false);
        var ofResources = ReferenceEquals(resources, nodes) ? ofNodes
            : ReferenceEquals(resources, paths) ? ofPaths
            : await MarkOfAsync(resources, cancellationToken).ConfigureAwait(false);
        return new ObservationMarks(ofNodes, ofPaths, ofResources);
    }

    private async Task<long?> MarkOfAsync(object source, CancellationToken cancellationToken)
    {
        if (source is not IObservationMark marked)
        {
            return null;
        }

        try
        {
            return await marked.ObservationMarkAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug("Monitor: the observation mark could not be read, so everything is asked: {Error}", e.Message);
            return null;
        }
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
