using System.Globalization;
using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;
using static Orchestrator.Workflows.RollingUpdate.RollingUpdateStates;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The steps of a rolling update: S29 for a two-node hierarchy, or one node at a time for a whole cluster.</summary>
public static class RollingUpdatePlan
{
    /// <summary>How long a wait for a mirror may last before the run stops for an operator.</summary>
    public const int MirrorWaitSeconds = 3600;

    /// <summary>
    /// S29 step by step. Primary: agent stopped (resources stay in service), mirror to the backup paused, install,
    /// switchback held at "do not switch back", agent restarted, verified, mirror resumed and back to mirroring, then the
    /// first planned move. Backup: the same update, the primary restarted and its mirror back to mirroring, the
    /// scheduled switchback (the second planned move), and the operator's switchback type restored.
    /// </summary>
    public static IReadOnlyList<PlannedStep> TwoNode(
        ClusterDefinition cluster, HierarchyDefinition h, string primary, string backup, string version, DateTimeOffset? switchbackAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(h);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        var mirrored = h.Replicated;
        var steps = new List<PlannedStep>();
        void Add(string phase, string action, string node, string target, int wait = 0) =>
            steps.Add(new PlannedStep(phase, action, node, target, wait == 0 ? maxWait : wait));

        Add(UpdatingPrimary, StepActions.AgentStop, primary, primary);
        if (mirrored)
        {
            Add(UpdatingPrimary, StepActions.MirrorPause, backup, backup);
        }

        Add(UpdatingPrimary, StepActions.PackageInstall, primary, version);
        Add(UpdatingPrimary, StepActions.SwitchbackHold, primary, h.Name);
        Add(UpdatingPrimary, StepActions.AgentStart, primary, primary);
        Add(UpdatingPrimary, StepActions.UpdateVerify, primary, version);
        if (mirrored)
        {
            Add(UpdatingPrimary, StepActions.MirrorResume, backup, backup);
            Add(UpdatingPrimary, StepActions.MirrorWait, backup, backup, MirrorWaitSeconds);
        }

        steps.AddRange(Move(cluster, h, primary, backup, MovingToBackup));

        Add(UpdatingBackup, StepActions.AgentStop, backup, backup);
        if (mirrored)
        {
            Add(UpdatingBackup, StepActions.MirrorPause, primary, primary);
        }

        Add(UpdatingBackup, StepActions.PackageInstall, backup, version);
        Add(UpdatingBackup, StepActions.AgentStart, backup, backup);
        Add(UpdatingBackup, StepActions.UpdateVerify, backup, version);
        Add(UpdatingBackup, StepActions.NodeStop, primary, primary);
        Add(UpdatingBackup, StepActions.NodeStart, primary, primary);
        if (mirrored)
        {
            Add(UpdatingBackup, StepActions.MirrorResume, primary, primary);
            Add(UpdatingBackup, StepActions.MirrorWait, primary, primary, MirrorWaitSeconds);
        }

        var when = switchbackAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? ScheduleWaitAction.Now;
        var untilThen = switchbackAt is { } at ? (int)Math.Ceiling(Math.Max(0, (at - now).TotalSeconds)) + maxWait : maxWait;
        Add(WaitingForSwitchback, StepActions.ScheduleWait, primary, when, untilThen);
        steps.AddRange(Move(cluster, h, backup, primary, MovingBack));
        Add(MovingBack, StepActions.SwitchbackRelease, primary, h.Name);
        return steps;
    }

    /// <summary>
    /// A whole cluster, one node at a time in the order given: move every hierarchy off the node (child switchovers to
    /// the next priority), update and verify it (with its retries), then move the hierarchies whose best node it is back.
    /// </summary>
    public static IReadOnlyList<PlannedStep> Cluster(ClusterDefinition cluster, IReadOnlyList<string> order, string version)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(order);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        var moveWait = maxWait * Math.Max(1, cluster.Hierarchies.Count) * 2;
        var steps = new List<PlannedStep>();
        foreach (var node in order)
        {
            steps.Add(new PlannedStep(MovingOff, StepActions.HierarchiesMoveOff, node, node, moveWait));
            steps.Add(new PlannedStep(UpdatingNode, StepActions.NodeUpdate, node, version, maxWait));
            steps.Add(new PlannedStep(MovingBack, StepActions.HierarchiesMoveBack, node, version, moveWait));
        }

        return steps;
    }

    /// <summary>
    /// A planned move inside the update: first, while the hierarchy still serves, the move is admitted by the rule every
    /// move obeys (target up and reachable, N+1, the mirror to it mirroring — waited for while a resync finishes); then out
    /// of service on one node, in service on the other, placement recorded.
    /// </summary>
    private static IEnumerable<PlannedStep> Move(ClusterDefinition cluster, HierarchyDefinition h, string from, string to, string phase)
    {
        var maxWait = cluster.Settings.MaxWaitSeconds;
        yield return new PlannedStep(phase, StepActions.VerifyTarget, to, to, h.Replicated ? MirrorWaitSeconds : maxWait);

        foreach (var step in SwitchoverPlan.OutOfService(cluster, h, from, phase, maxWait))
        {
            yield return step;
        }

        foreach (var step in SwitchoverPlan.InService(cluster, h, to, phase, maxWait))
        {
            yield return step;
        }

        yield return new PlannedStep(phase, StepActions.PlacementRecord, to, h.Name, maxWait);
    }
}
