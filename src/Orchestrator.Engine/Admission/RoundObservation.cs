using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Engine.Admission;

/// <summary>
/// The situation every move of a monitor round is judged on, read once for the round (<see cref="MoveAdmissionCheck.ObserveRoundAsync"/>):
/// the nodes up and the paths live (the round's own observation), each node's mirror state, where every hierarchy is
/// or is being moved to, and every hierarchy's failovers within the anti-flapping block period with their
/// acknowledgements. A storm's decisions are each judged from it with no further probe or query; a move launched in the
/// round is recorded (<see cref="Moving"/>), so a later decision of the same round sees where the earlier one goes
/// (two failed primaries do not both take the N+1 spare). Used by one round at a time, not shared between threads: the
/// round's decisions use it one after another; its launches, which run concurrently, do not touch it.
/// </summary>
public sealed class RoundObservation
{
    private readonly IReadOnlySet<string> _up;
    private readonly IReadOnlyList<CommunicationPath> _live;
    private readonly IReadOnlyDictionary<string, MirrorState> _mirrors;
    private readonly Dictionary<string, string> _where;
    private readonly ClusterDefinition _cluster;
    private readonly ILookup<string, NodeFailure> _failures;

    internal RoundObservation(
        ClusterDefinition cluster, IReadOnlySet<string> up, IReadOnlyList<CommunicationPath> live, IReadOnlyDictionary<string, MirrorState> mirrors,
        Dictionary<string, string> where, ILookup<string, NodeFailure> failures, DateTimeOffset now)
    {
        (_cluster, _up, _live, _mirrors, _where, _failures, Now) = (cluster, up, live, mirrors, where, failures, now);
    }

    /// <summary>When the round's situation was read.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The situation of <paramref name="hierarchy"/>: every other hierarchy's placement and its own recent failures.</summary>
    public ClusterObservation For(HierarchyDefinition hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var others = _where
            .Where(p => !string.Equals(p.Key, hierarchy.Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => new HierarchyPlacement(p.Key, p.Value, _cluster.FindHierarchy(p.Key)?.PrimaryNode ?? p.Value))
            .ToList();
        return new ClusterObservation(_up, _live, _mirrors, others, _failures[hierarchy.Name].ToList(), Now);
    }

    /// <summary>A move of <paramref name="hierarchy"/> onto <paramref name="target"/> was launched in this round: it will be there.</summary>
    public void Moving(string hierarchy, string target) => _where[hierarchy] = target;
}
