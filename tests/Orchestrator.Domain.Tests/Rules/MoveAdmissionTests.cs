using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

public class MoveAdmissionTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static MoveSituation Move(
        ClusterDefinition cluster, MoveKind kind, string? source, string target, IEnumerable<string> up,
        string hierarchy = "exch1", IEnumerable<CommunicationPath>? livePaths = null, IEnumerable<HierarchyPlacement>? placements = null,
        IReadOnlyDictionary<string, MirrorState>? mirrors = null, IEnumerable<NodeFailure>? failures = null, bool automatic = false, long? id = null) => new(
        cluster, cluster.FindHierarchy(hierarchy)!, kind, source, target, Up([.. up]), livePaths?.ToList() ?? [.. cluster.Paths],
        placements?.ToList() ?? [], mirrors ?? new Dictionary<string, MirrorState>(), failures?.ToList() ?? [], Now, automatic, id);

    private static Dictionary<string, MirrorState> Mirror(string node, MirrorState state) => new() { [node] = state };

    [Fact]
    public void ASwitchoverToALiveReachableNode_IsAdmitted_WithTheEvidence()
    {
        var verdict = MoveAdmission.Admit(Move(Cascading3(), MoveKind.Switchover, "node1", "node2", ["node1", "node2", "node3"]));

        Assert.Equal(MoveVerdictKind.Admitted, verdict.Kind);
        Assert.Equal("node2 (priority 10) is up and reachable from node1 over a live communication path", verdict.Reason);
    }

    [Fact]
    public void ASwitchoverOverACutPath_IsRefused_NamingThePathAndTheFix()
    {
        var c = Cascading3();
        var verdict = MoveAdmission.Admit(Move(c, MoveKind.Switchover, "node1", "node2", ["node1", "node2", "node3"], livePaths: c.Paths.Where(p => !p.Connects("node1", "node2"))));

        Assert.Equal(MoveVerdictKind.Refused, verdict.Kind);
        Assert.Contains("node node2 is unreachable from node1", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("restore-path node1 node2", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailover_DoesNotAskForAPathFromTheDeadSource()
    {
        var verdict = MoveAdmission.Admit(Move(Cascading3(), MoveKind.Failover, "node1", "node2", ["node2", "node3"], livePaths: []));

        Assert.Equal(MoveVerdictKind.Admitted, verdict.Kind);
    }

    [Theory]
    [InlineData(MoveKind.Switchover)]
    [InlineData(MoveKind.Failback)]
    [InlineData(MoveKind.Failover)]
    public void TheSpareHostingAFailedOverPrimary_RefusesASecondOne_WhateverTheMove(MoveKind kind)
    {
        var verdict = MoveAdmission.Admit(Move(NPlusOne(), kind, "node3", "node4", ["node1", "node2", "node3", "node4"], "exch3",
            placements: [new HierarchyPlacement("exch1", "node4", "node1")]));

        Assert.Equal(MoveVerdictKind.Refused, verdict.Kind);
        Assert.Contains("spare node4 already hosts exch1 (failed over from node1); N+1 admits one failed primary at a time", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MoveKind.Switchover, MirrorState.FullResync, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.Switchover, MirrorState.Paused, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.Switchover, MirrorState.PartialResync, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.Failback, MirrorState.FullResync, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.ResumedFailover, MirrorState.FullResync, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.Failover, MirrorState.FullResync, MoveVerdictKind.Wait)]
    [InlineData(MoveKind.Failover, MirrorState.Paused, MoveVerdictKind.Wait)]
    [InlineData(MoveKind.UpdateMove, MirrorState.PartialResync, MoveVerdictKind.Wait)]
    [InlineData(MoveKind.UpdateMove, MirrorState.Paused, MoveVerdictKind.Refused)]
    [InlineData(MoveKind.Switchover, MirrorState.Mirroring, MoveVerdictKind.Admitted)]
    public void ATargetWhoseMirrorIsNotMirroring_RefusesAnOperatorsMove_AndMakesAFailoverWait(MoveKind kind, MirrorState state, MoveVerdictKind expected)
    {
        var source = kind is MoveKind.Failover or MoveKind.ResumedFailover ? "node1" : "node3";
        var up = kind is MoveKind.Failover or MoveKind.ResumedFailover ? new[] { "node2", "node3" } : ["node1", "node2", "node3"];
        var verdict = MoveAdmission.Admit(Move(Cascading3(), kind, source, "node2", up, mirrors: Mirror("node2", state)));

        Assert.Equal(expected, verdict.Kind);
    }

    [Fact]
    public void ApprovingAFailoverOntoAFullResync_IsRefusedNamingS28_AndWhenToApprove()
    {
        var verdict = MoveAdmission.Admit(Move(Cascading3(), MoveKind.ResumedFailover, "node1", "node2", ["node2", "node3"], mirrors: Mirror("node2", MirrorState.FullResync)));

        Assert.Contains("S28: node2's mirror is in full resync", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("once the full resync to node2 has completed", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovingAFailoverWhoseFailedNodeIsBackAndReachable_IsRefused_NamingTheCancel()
    {
        var verdict = MoveAdmission.Admit(Move(Cascading3(), MoveKind.ResumedFailover, "node1", "node2", ["node1", "node2", "node3"], id: 7));

        Assert.Equal(MoveVerdictKind.Refused, verdict.Kind);
        Assert.Contains("node1 is back up and reachable, so the failover of exch1 from it is no longer wanted", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("`orchestrator procedures cancel 7`", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovingAFailoverWhoseFailedNodeIsUpButCutOff_IsAdmitted()
    {
        var c = Cascading3();
        var verdict = MoveAdmission.Admit(Move(c, MoveKind.ResumedFailover, "node1", "node2", ["node1", "node2", "node3"], livePaths: c.Paths.Where(p => p.Connects("node2", "node3"))));

        Assert.Equal(MoveVerdictKind.Admitted, verdict.Kind);
    }

    [Fact]
    public void AnAutomaticMoveBackOntoARecentlyFailedNode_IsBlocked_AnOperatorsIsAdmittedAndSaysSo()
    {
        NodeFailure[] failures = [new("node1", Now.AddMinutes(-5), 3)];
        var automatic = MoveAdmission.Admit(Move(Cascading3(), MoveKind.Failover, "node2", "node1", ["node1", "node3"], failures: failures, automatic: true));
        var byOperator = MoveAdmission.Admit(Move(Cascading3(), MoveKind.Failback, "node2", "node1", ["node1", "node2", "node3"], failures: failures));

        Assert.Equal(MoveVerdictKind.Blocked, automatic.Kind);
        Assert.Contains("node1 failed at 2025-03-01 11:55:00Z (failover #3 of exch1)", automatic.Reason, StringComparison.Ordinal);
        Assert.Equal(MoveVerdictKind.Admitted, byOperator.Kind);
        Assert.Contains("an operator's move is not blocked", byOperator.Text, StringComparison.Ordinal);
        Assert.Contains("anti-flapping would keep an automatic move off node1 (the failed node of failover #3 of exch1", byOperator.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node1", "node1", "already in service on node1")]
    [InlineData("node1", "node9", "node node9 is not in hierarchy exch1")]
    public void AMoveToWhereItIs_OrOutsideTheHierarchy_IsRefused(string source, string target, string expected)
    {
        var verdict = MoveAdmission.Admit(Move(Cascading3(), MoveKind.Switchover, source, target, ["node1", "node2", "node3"]));

        Assert.Equal(MoveVerdictKind.Refused, verdict.Kind);
        Assert.Contains(expected, verdict.Reason, StringComparison.Ordinal);
    }
}
