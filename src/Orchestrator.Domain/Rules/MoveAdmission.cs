using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// The one admission check of a move of a hierarchy onto a node (S1, S4, S16, S27, S28, anti-flapping). Pure. Every path
/// calls it: the failover target chooser for each candidate, switchover, failback (operator's and automatic),
/// <c>procedures approve</c> and <c>retry</c>, the rolling update's moves, and the first step of a move at run time.
/// In order, the target must be a node of the hierarchy, not where it already is, and up; for a move from a live source
/// (not a failover: its source is dead), reachable from it over a communication path that carries traffic now; a
/// resumed failover is no longer wanted once its failed node is back up and reachable (S28); an N+1 spare takes no second
/// failed-over primary (S4); the target's mirror must be mirroring (S27) — a failover or an update move waits for a
/// resync, other moves are refused, and a resumed failover onto a full resync is refused naming S28; last, an automatic
/// move onto a node that failed under the hierarchy within the block period is blocked (anti-flapping), an operator's
/// is not but the verdict says what it overrode.
/// </summary>
public static class MoveAdmission
{
    public static MoveVerdict Admit(MoveSituation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var s = situation;
        return Membership(s) ?? Place(s) ?? Liveness(s) ?? Reachability(s) ?? StillWanted(s) ?? Spare(s) ?? Mirror(s) ?? Flapping(s);
    }

    private static MoveVerdict? Membership(MoveSituation s)
    {
        var (h, target) = (s.Hierarchy, s.Target);
        return h.Includes(target) && s.Cluster.FindNode(target) is not null
            ? null
            : Refused($"node {target} is not in hierarchy {h.Name} (its nodes: {string.Join(", ", h.Priorities.Select(p => p.Node))}); extend the hierarchy to {target} first");
    }

    private static MoveVerdict? Place(MoveSituation s) =>
        s.Source is { } source && Names.Equals(source, s.Target)
            ? Refused(IsFailover(s)
                ? $"{s.Target} is the failed node of {s.Hierarchy.Name}; it cannot take it over from itself"
                : $"hierarchy {s.Hierarchy.Name} is already in service on {s.Target}; choose another node")
            : null;

    private static MoveVerdict? Liveness(MoveSituation s)
    {
        if (s.IsUp(s.Target))
        {
            return null;
        }

        return Refused(s.Kind == MoveKind.Failover
            ? $"{Who(s)} is down"
            : $"node {s.Target} is down; restore it (`orchestrator world restore-node {s.Target}`) or choose another node");
    }

    /// <summary>S1: a move from a live source needs a communication path to the target that carries traffic now.</summary>
    private static MoveVerdict? Reachability(MoveSituation s)
    {
        if (IsFailover(s) || s.Source is not { } source || !s.IsUp(source))
        {
            return null;
        }

        if (!s.Cluster.HasPath(source, s.Target))
        {
            return Refused($"node {s.Target} is unreachable from {source}: no communication path between them; add one under `paths` and re-apply the definition");
        }

        return s.PathIsLive(source, s.Target)
            ? null
            : Refused($"node {s.Target} is unreachable from {source}: the communication path between them carries no traffic now; restore it (`orchestrator world restore-path {source} {s.Target}`) or choose another node");
    }

    /// <summary>S28: a held or stopped failover whose failed node is back up and reachable is no longer wanted.</summary>
    private static MoveVerdict? StillWanted(MoveSituation s)
    {
        if (s.Kind != MoveKind.ResumedFailover || s.Source is not { } failed || !s.IsUp(failed))
        {
            return null;
        }

        var reachable = s.IsReachable(failed) || !s.Cluster.Paths.Any(p => Names.Equals(p.NodeA, failed) || Names.Equals(p.NodeB, failed));
        if (!reachable)
        {
            return null;
        }

        var cancel = s.ProcedureId is { } id ? $"`orchestrator procedures cancel {id}`" : "`orchestrator procedures cancel ID`";
        var resync = s.MirrorOf(s.Target) == MirrorState.FullResync
            ? $"; besides, {s.Target}'s mirror is in full resync from {failed} (S28), so {s.Target} must not recover until it completes"
            : "";
        return Refused($"{failed} is back up and reachable, so the failover of {s.Hierarchy.Name} from it is no longer wanted (taking over now would power off a healthy node){resync}; "
            + $"cancel it with {cancel}, then move {s.Hierarchy.Name} by `orchestrator switchover` if you still want it elsewhere");
    }

    /// <summary>S4: the N+1 spare hosts one failed-over primary at a time, whatever the kind of move.</summary>
    private static MoveVerdict? Spare(MoveSituation s)
    {
        if (!IsSpare(s, s.Target))
        {
            return null;
        }

        var hosted = s.Placements
            .Where(p => !Names.Equals(p.Hierarchy, s.Hierarchy.Name) && Names.Equals(p.Node, s.Target) && p.IsFailedOver)
            .OrderBy(p => p.Hierarchy, Names)
            .ToList();
        if (hosted.Count == 0)
        {
            return null;
        }

        var what = $"spare {s.Target} already hosts {List(hosted.Select(p => $"{p.Hierarchy} (failed over from {p.PrimaryNode})").ToList())}; N+1 admits one failed primary at a time";
        return Refused(IsFailover(s) ? what : $"{what}; move {hosted[0].Hierarchy} back to {hosted[0].PrimaryNode} first (`orchestrator failback {hosted[0].Hierarchy}`) or choose another node");
    }

    /// <summary>S27/S28: a move onto a node needs the mirror to it to be mirroring.</summary>
    private static MoveVerdict? Mirror(MoveSituation s)
    {
        var target = s.Target;
        var state = s.MirrorOf(target);
        if (state is MirrorState.Mirroring or MirrorState.None)
        {
            return null;
        }

        var what = state switch
        {
            MirrorState.FullResync => $"{target}'s mirror is in full resync",
            MirrorState.Paused => $"{target}'s mirror is paused, not mirroring",
            _ => $"{target}'s mirror is in partial resync, not mirroring",
        };
        switch (s.Kind)
        {
            case MoveKind.Failover:
                return Wait(state switch
                {
                    MirrorState.FullResync => $"{what}; it must not recover until the resync completes",
                    MirrorState.Paused => $"{what}; resume it before {target} can take over",
                    _ => $"{what}; it can take over once the resync completes",
                });
            case MoveKind.ResumedFailover when state == MirrorState.FullResync:
                return Refused($"S28: {what}, so it must not recover yet; approve (or retry) again once the full resync to {target} has completed and its mirror is mirroring");
            case MoveKind.UpdateMove when state != MirrorState.Paused:
                return Wait($"{what}; the move waits until it is mirroring (S29)");
            default:
                return Refused($"{what}; a move onto {target} needs its mirror mirroring (S27) — "
                    + (state == MirrorState.Paused ? $"resume the mirror to {target}" : "wait until the resync completes") + ", then ask again");
        }
    }

    /// <summary>Anti-flapping: blocks an automatic move back onto a node that failed recently; an operator's move is only noted.</summary>
    private static MoveVerdict Flapping(MoveSituation s)
    {
        var evidence = Evidence(s);
        var period = s.Cluster.Settings.FailoverBlock;
        if (AntiFlappingRule.BlockingFailure(s.Target, s.Failures, s.Now, period) is not { } failure)
        {
            return new MoveVerdict(MoveVerdictKind.Admitted, evidence);
        }

        // The operator's note names the node and the failover but no instant, so the same move always reads the same.
        return s.Automatic
            ? new MoveVerdict(MoveVerdictKind.Blocked, AntiFlappingRule.Describe(s.Hierarchy.Name, failure, period))
            : new MoveVerdict(MoveVerdictKind.Admitted, evidence,
                $"anti-flapping would keep an automatic move off {failure.Node} (the failed node of failover #{failure.FailoverId} of {s.Hierarchy.Name}, "
                + $"within the failover-block period and not acknowledged); an operator's move is not blocked (the operator decides)");
    }

    private static string Evidence(MoveSituation s)
    {
        var parts = new List<string> { $"{Who(s)} is up" };
        if (!IsFailover(s) && s.Source is { } source && s.IsUp(source))
        {
            parts.Add($"reachable from {source} over a live communication path");
        }

        if (s.MirrorOf(s.Target) == MirrorState.Mirroring)
        {
            parts.Add("its mirror is mirroring");
        }

        if (IsSpare(s, s.Target))
        {
            parts.Add($"spare {s.Target} hosts no other failed primary");
        }

        return List(parts);
    }

    private static bool IsFailover(MoveSituation s) => s.Kind is MoveKind.Failover or MoveKind.ResumedFailover;

    private static bool IsSpare(MoveSituation s, string node) =>
        s.Cluster.Settings.NPlusOne && s.Cluster.FindNode(node) is { Spare: true };

    private static string Who(MoveSituation s) => NodeWithPriority(s.Target, s.Hierarchy.PriorityOf(s.Target));

    private static MoveVerdict Refused(string reason) => new(MoveVerdictKind.Refused, reason);

    private static MoveVerdict Wait(string reason) => new(MoveVerdictKind.Wait, reason);
}
