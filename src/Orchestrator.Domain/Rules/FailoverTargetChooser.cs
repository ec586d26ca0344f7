using Orchestrator.Domain.Cluster;
using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Chooses where a hierarchy goes when a node fails (S2, S4, S6, S18, S19, S27, S28). Pure.
/// The candidates are the hierarchy's other nodes, best priority (lowest number) first; each is judged by
/// <see cref="MoveAdmission"/> (the rule every move obeys): skipped when it is down, when it is the N+1 spare and
/// already hosts another failed-over primary (S4), when its mirror is not mirroring (S27/S28), or — for the monitor's
/// failover — when it failed under the hierarchy within the anti-flapping block period; the first that applies is the
/// reason given. The first candidate left is chosen; if none is left the decision is Wait when a resync stopped a
/// candidate (it will clear by itself), Blocked when anti-flapping did, else Refused (an operator is needed).
/// Cascading (S2) follows: with node1 and node2 failed, node3 is chosen — and a node not yet involved is never blocked.
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
        var waiting = false;
        var blocked = false;
        foreach (var candidate in candidates)
        {
            var verdict = MoveAdmission.Admit(situation.MoveTo(candidate.Node));
            if (!verdict.IsAdmitted)
            {
                skipped.Add(verdict.Reason);
                waiting |= verdict.Kind == MoveVerdictKind.Wait;
                blocked |= verdict.Kind == MoveVerdictKind.Blocked;
                continue;
            }

            return Chose(situation, head, candidate, skipped, verdict.Note);
        }

        var automaticOff = AutomaticFailoverOff(situation);
        if (waiting && !automaticOff)
            return FailoverDecision.Wait($"{head}; {h.Name} waits: {List(skipped)}");
        if (blocked && !automaticOff)
            return FailoverDecision.Blocked($"{head}; automatic failover of {h.Name} blocked: {List(skipped)}");
        return FailoverDecision.Refused($"{head}; no node can take {h.Name}: {List(skipped)}; an operator is needed" + (automaticOff ? AutomaticOffNote(h) : ""));
    }

    private static FailoverDecision Chose(FailoverSituation s, string head, NodePriority target, List<string> skipped, string? note)
    {
        var who = NodeWithPriority(target.Node, target.Priority);
        var because = skipped.Count == 0 ? $", the best-priority node of {s.Hierarchy.Name} that is up" : $" because {List(skipped)}";
        if (AutomaticFailoverOff(s))
            return FailoverDecision.Refused($"{head}; the best target is {who}{because}{AutomaticOffNote(s.Hierarchy)}");

        var notes = new List<string>();
        if (IsSpare(s, target.Node))
            notes.Add($"spare {target.Node} hosts no other failed primary, so N+1 admits {s.Hierarchy.Name}");
        if (note is not null)
            notes.Add(note);
        var tail = notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
        return FailoverDecision.Chosen(target.Node, target.Priority, $"{head}; chose {who}{because}{tail}");
    }

    private static bool IsSpare(FailoverSituation s, string node) =>
        s.Cluster.Settings.NPlusOne && s.Cluster.FindNode(node) is { Spare: true };

    private static bool AutomaticFailoverOff(FailoverSituation s) =>
        !s.RequestedByOperator && !s.Cluster.Settings.AutomaticFailover;

    private static string AutomaticOffNote(HierarchyDefinition h) =>
        $"; automatic failover is disabled (S19), so {h.Name} waits for an operator to move it";
}
