using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// S1/S18: whether a node is alive, judged from one round's <see cref="LivenessObservation"/>. A node is judged by
/// the communication paths from its live peers: one that carries traffic makes it alive; when every one of them is
/// down it is unreachable (cut off: it is failed over and fenced). A path whose other end is down (or could not be
/// probed) is no evidence about the node. With no path from a live peer to judge by, the orchestrator's own probe
/// decides, and a probe that could not answer makes the node unknown — never a reason to fail over, fence or block.
/// Pure.
/// </summary>
public static class NodeLivenessRule
{
    public static LivenessVerdict Judge(string node, LivenessObservation observation)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(observation);
        var fromLivePeers = new List<(PathProbeAnswer Path, string Peer)>();
        var noEvidence = new List<string>();
        foreach (var (path, peer) in observation.PathsOf(node))
        {
            switch (observation.ProbeOf(peer).Up)
            {
                case true:
                    fromLivePeers.Add((path, peer));
                    break;
                case false:
                    noEvidence.Add($"{peer} is down");
                    break;
                default:
                    noEvidence.Add($"{peer} could not be probed");
                    break;
            }
        }

        var reachedFrom = fromLivePeers.Where(p => p.Path.Up == true).Select(p => p.Peer).ToList();
        if (reachedFrom.Count > 0)
        {
            return new LivenessVerdict(node, NodeLiveness.Alive,
                $"{node} reachable on {reachedFrom.Count}/{fromLivePeers.Count} paths from live peers ({List(reachedFrom)})");
        }

        var unanswered = fromLivePeers.Where(p => p.Path.Up is null).ToList();
        if (fromLivePeers.Count > 0 && unanswered.Count == 0)
        {
            return new LivenessVerdict(node, NodeLiveness.Unreachable,
                $"{node} unreachable on {fromLivePeers.Count}/{fromLivePeers.Count} paths from live peers ({List(fromLivePeers.Select(p => p.Peer).ToList())})");
        }

        // No path from a live peer settles it: the orchestrator's own probe decides.
        noEvidence.AddRange(fromLivePeers.Select(p => p.Path.Up is null
            ? $"the path from {p.Peer} could not be checked{Because(p.Path.Error)}"
            : $"the path from {p.Peer} is down"));
        var paths = noEvidence.Count == 0
            ? "it has no communication path to judge it by"
            : $"no path from a live peer settles it ({List(noEvidence)})";
        var probe = observation.ProbeOf(node);
        return probe.Up switch
        {
            true => new LivenessVerdict(node, NodeLiveness.Alive, $"{node} answered the orchestrator's probe; {paths}"),
            false => new LivenessVerdict(node, NodeLiveness.Unreachable, $"{node} did not answer the orchestrator's probe; {paths}"),
            _ => new LivenessVerdict(node, NodeLiveness.Unknown,
                $"liveness of {node} unknown: the orchestrator's probe could not answer{Because(probe.Error)} and {paths}"),
        };
    }

    private static string Because(string? error) => string.IsNullOrWhiteSpace(error) ? "" : $" ({error})";
}
