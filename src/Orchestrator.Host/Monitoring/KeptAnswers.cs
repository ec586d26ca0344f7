using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// The answers the monitor's node probe, path probe and each node's resource read gave, each with the observation mark
/// (<see cref="IObservationMark"/>) its source had before it was asked. A round that asks a source the same questions
/// under the same mark takes these answers instead of asking again: an idle serve's quiet round reads nothing, and a
/// write to the world (this process's or another's) moves the mark, so the next round asks again. Only complete answers
/// are kept: a probe that could not answer or a node that could not be read is asked again, and so are a node's
/// resources while one of its services is still starting (it becomes running with time alone).
/// </summary>
internal sealed class KeptAnswers
{
    private readonly Dictionary<string, (long Mark, NodeResourceQuery Query, NodeResources Resources)> _resources = new(StringComparer.OrdinalIgnoreCase);
    private (long Mark, IReadOnlyList<string> Nodes, IReadOnlyList<NodeProbeAnswer> Answers)? _probes;
    private (long Mark, IReadOnlyList<(string NodeA, string NodeB)> Paths, IReadOnlyList<PathProbeAnswer> Answers)? _paths;

    /// <summary>The node probe's answers to <paramref name="nodes"/> under <paramref name="mark"/>; null when they must be asked.</summary>
    public IReadOnlyList<NodeProbeAnswer>? Probes(long? mark, IReadOnlyList<string> nodes) =>
        mark is { } m && _probes is { } kept && kept.Mark == m && kept.Nodes.SequenceEqual(nodes, StringComparer.Ordinal) ? kept.Answers : null;

    public void KeepProbes(long? mark, IReadOnlyList<string> nodes, IReadOnlyList<NodeProbeAnswer> answers) =>
        _probes = mark is { } m && answers.Count == nodes.Count && AllAnswered(answers) ? (m, nodes, answers) : null;

    /// <summary>The path probe's answers to <paramref name="paths"/> under <paramref name="mark"/>; null when they must be asked.</summary>
    public IReadOnlyList<PathProbeAnswer>? Paths(long? mark, IReadOnlyList<(string NodeA, string NodeB)> paths) =>
        mark is { } m && _paths is { } kept && kept.Mark == m && kept.Paths.SequenceEqual(paths) ? kept.Answers : null;

    public void KeepPaths(long? mark, IReadOnlyList<(string NodeA, string NodeB)> paths, IReadOnlyList<PathProbeAnswer> answers) =>
        _paths = mark is { } m && answers.Count == paths.Count && AllAnswered(answers) ? (m, paths, answers) : null;

    /// <summary>The node's resources as read for the same <paramref name="query"/> under <paramref name="mark"/>; null when they must be read.</summary>
    public NodeResources? Resources(long? mark, NodeResourceQuery query) =>
        mark is { } m && _resources.TryGetValue(query.Node, out var kept) && kept.Mark == m && SameQuestions(kept.Query, query) ? kept.Resources : null;

    public void KeepResources(long? mark, NodeResourcesRead read)
    {
        if (mark is { } m && read.Resources is { ChangesWithTime: false } resources)
        {
            _resources[read.Query.Node] = (m, read.Query, resources);
        }
        else
        {
            _resources.Remove(read.Query.Node);
        }
    }

    private static bool AllAnswered(IReadOnlyList<NodeProbeAnswer> answers)
    {
        foreach (var answer in answers)
        {
            if (answer.Up is null)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllAnswered(IReadOnlyList<PathProbeAnswer> answers)
    {
        foreach (var answer in answers)
        {
            if (answer.Up is null)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameQuestions(NodeResourceQuery kept, NodeResourceQuery asked) =>
        ReferenceEquals(kept, asked)
        || string.Equals(kept.Node, asked.Node, StringComparison.Ordinal)
        && kept.Services.SequenceEqual(asked.Services, StringComparer.Ordinal)
        && kept.Volumes.SequenceEqual(asked.Volumes, StringComparer.Ordinal)
        && kept.Addresses.SequenceEqual(asked.Addresses, StringComparer.Ordinal)
        && kept.Dns.SequenceEqual(asked.Dns);
}
