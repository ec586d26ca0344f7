using Orchestrator.Domain.Cluster;
using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Chooses where a hierarchy goes when a node fails (S2, S4, S6, S18, S19, S27, S28). Pure.
/// The candidates are the hierarchy's other nodes, best priority (lowest number) first. A candidate is skipped
/// when it is down, when it is the N+1 spare and already hosts another failed-over primary (S4), or when its
/// mirror is in full resync (S28: it must not recover until the resync completes); the first that applies is
/// the reason given. The first candidate left is chosen; if none is left the decision is Wait when a full
/// resync blocked a candidate (it will clear by itself), else Refused (an operator is needed).
/// Cascading (S2) follows: with node1 and node2 failed, node3 is chosen.
/// A failure the monitor detected is refused when automatic failover is disabled (S19).
/// </summary>
public static class FailoverTargetChooser
{
    public static FailoverDecision Choose(FailoverSituation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var h = situation.Hierarchy;
        var head = $"{situation.FailedNode} failed";
        if (!h.Includes(situation.FailedNode))
            return FailoverDecision.Refused(
                $"{head}, but it is not a node of {h.Name} (its nodes: {string.Join(", ", h.Priorities.Select(p => p.Node))}); there is nothing to fail over from it");

        var candidates = h.Priorities
            .Where(p => !Names.Equals(p.Node, situation.FailedNode))
            .OrderBy(p => p.Priority).ThenBy(p => p.Node, Names)
            .ToList();
        if (candidates.Count == 0)
            return FailoverDecision.Refused($"{head}; {h.Name} has no other node to fail over to; an operator must extend it to a backup node or bring {situation.FailedNode} back");

        var skipped = new List<string>();
        var waitingForResync = false;
        foreach (var candidate in candidates)
        {
            if (Skip(situation, candidate) is { } why)
            {
                skipped.Add(why.Text);
                waitingForResync |= why.Resync;
                continue;
            }
            return Chose(situation, head, candidate, skipped);
        }

        var automaticOff = AutomaticFailoverOff(situation);
        if (waitingForResync && !automaticOff)
            return FailoverDecision.Wait($"{head}; {h.Name} waits: {List(skipped)}");
        return FailoverDecision.Refused($"{head}; no node can take {h.Name}: {List(skipped)}; an operator is needed" + (automaticOff ? AutomaticOffNote(h) : ""));
    }

    private static FailoverDecision Chose(FailoverSituation s, string head, NodePriority target, List<string> skipped)
    {
        var who = NodeWithPriority(target.Node, target.Priority);
        var because = skipped.Count == 0 ? $", the best-priority node of {s.Hierarchy.Name} that is up" : $" because {List(skipped)}";
        if (AutomaticFailoverOff(s))
            return FailoverDecision.Refused($"{head}; the best target is {who}{because}{AutomaticOffNote(s.Hierarchy)}");

        var notes = new List<string>();
        if (IsSpare(s, target.Node))
            notes.Add($"spare {target.Node} hosts no other failed primary, so N+1 admits {s.Hierarchy.Name}");
        var tail = notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
        return FailoverDecision.Chosen(target.Node, target.Priority, $"{head}; chose {who}{because}{tail}");
    }

    private static (string Text, bool Resync)? Skip(FailoverSituation s, NodePriority candidate)
    {
        if (!s.IsUp(candidate.Node))
            return ($"{NodeWithPriority(candidate.Node, candidate.Priority)} is down", false);
        if (IsSpare(s, candidate.Node))
        {
            var hosted = s.OtherHierarchies
                .Where(p => !Names.Equals(p.Hierarchy, s.Hierarchy.Name) && Names.Equals(p.Node, candidate.Node) && p.IsFailedOver)
                .OrderBy(p => p.Hierarchy, Names)
                .Select(p => $"{p.Hierarchy} (failed over from {p.PrimaryNode})")
                .ToList();
            if (hosted.Count > 0)
                return ($"spare {candidate.Node} already hosts {List(hosted)}; N+1 admits one failed primary at a time", false);
        }
        switch (s.MirrorOf(candidate.Node))
        {
            case MirrorState.FullResync:
                return ($"{candidate.Node}'s mirror is in full resync; it must not recover until the resync completes", true);
            case MirrorState.Paused:
                // S27: an in-service move onto a node requires its mirror to be mirroring.
                return ($"{candidate.Node}'s mirror is paused, not mirroring; resume it before {candidate.Node} can take over", true);
            case MirrorState.PartialResync:
                return ($"{candidate.Node}'s mirror is in partial resync, not mirroring; it can take over once the resync completes", true);
        }

        return null;
    }

    private static bool IsSpare(FailoverSituation s, string node) =>
        s.Cluster.Settings.NPlusOne && s.Cluster.FindNode(node) is { Spare: true };

    private static bool AutomaticFailoverOff(FailoverSituation s) =>
        !s.RequestedByOperator && !s.Cluster.Settings.AutomaticFailover;

    private static string AutomaticOffNote(HierarchyDefinition h) =>
        $"; automatic failover is disabled (S19), so {h.Name} waits for an operator to move it";
}
