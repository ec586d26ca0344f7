using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class NodeLivenessRuleTests
{
    private static NodeProbeAnswer Up(string node) => new(node, true);

    private static NodeProbeAnswer Down(string node) => new(node, false);

    private static PathProbeAnswer Path(string a, string b, bool? up, string? error = null) => new(a, b, up, error);

    private static LivenessObservation Observed(IReadOnlyList<NodeProbeAnswer> probes, params PathProbeAnswer[] paths) => new(probes, paths);

    [Fact]
    public void Judge_IsAlive_WhenOnePathFromALivePeerCarriesTraffic_EvenIfAnotherIsCut()
    {
        var verdict = NodeLivenessRule.Judge("node1", Observed([Up("node1"), Up("node2"), Up("node3")],
            Path("node1", "node2", false), Path("node3", "node1", true)));

        Assert.Equal(new LivenessVerdict("node1", NodeLiveness.Alive, "node1 reachable on 1/2 paths from live peers (node3)"), verdict);
    }

    [Fact]
    public void Judge_IsUnreachable_WhenEveryPathFromALivePeerIsDown_EvenIfTheProbeAnswers()
    {
        var verdict = NodeLivenessRule.Judge("node1", Observed([Up("node1"), Up("node2"), Up("node3")],
            Path("node1", "node2", false), Path("node1", "node3", false)));

        Assert.Equal(NodeLiveness.Unreachable, verdict.Liveness);
        Assert.Equal("node1 unreachable on 2/2 paths from live peers (node2 and node3)", verdict.Evidence);
    }

    [Fact]
    public void Judge_CountsOnlyPathsFromLivePeers_APathToADownPeerIsNoEvidence()
    {
        var verdict = NodeLivenessRule.Judge("node1", Observed([Up("node1"), Down("node2"), Up("node3")],
            Path("node1", "node2", false), Path("node1", "node3", false)));

        Assert.Equal("node1 unreachable on 1/1 paths from live peers (node3)", verdict.Evidence);
    }

    [Fact]
    public void Judge_TheSurvivorOfATwoNodeCluster_IsAliveByTheProbe_WhenItsOnlyPeerIsDown()
    {
        var verdict = NodeLivenessRule.Judge("node1", Observed([Up("node1"), Down("node2")], Path("node1", "node2", false)));

        Assert.Equal(NodeLiveness.Alive, verdict.Liveness);
        Assert.Equal("node1 answered the orchestrator's probe; no path from a live peer settles it (node2 is down)", verdict.Evidence);
    }

    [Fact]
    public void Judge_ANPlusOnePrimaryWhoseOnlyPeerIsTheDeadSpare_IsJudgedByTheProbe_AliveOrUnreachable()
    {
        var paths = new[] { Path("node1", "node4", false), Path("node2", "node4", false) };

        Assert.True(NodeLivenessRule.Judge("node1", Observed([Up("node1"), Up("node2"), Down("node4")], paths)).IsAlive);
        var dead = NodeLivenessRule.Judge("node1", Observed([Down("node1"), Up("node2"), Down("node4")], paths));
        Assert.Equal(NodeLiveness.Unreachable, dead.Liveness);
        Assert.Equal("node1 did not answer the orchestrator's probe; no path from a live peer settles it (node4 is down)", dead.Evidence);
    }

    [Fact]
    public void Judge_IsUnknown_WhenNoPathGivesEvidence_AndTheProbeCannotAnswer()
    {
        var verdict = NodeLivenessRule.Judge("node1", Observed([NodeProbeAnswer.NoAnswer("node1", "unknown node 'node1'"), Down("node2")],
            Path("node1", "node2", null)));

        Assert.Equal(NodeLiveness.Unknown, verdict.Liveness);
        Assert.Equal("liveness of node1 unknown: the orchestrator's probe could not answer (unknown node 'node1') and no path from a live peer settles it (node2 is down)", verdict.Evidence);
    }

    [Fact]
    public void Judge_APeerThatCouldNotBeProbed_GivesNoEvidence_EitherWay()
    {
        var observation = Observed([Up("node1"), NodeProbeAnswer.NoAnswer("node2", "timeout")], Path("node1", "node2", false));

        Assert.Equal("node1 answered the orchestrator's probe; no path from a live peer settles it (node2 could not be probed)",
            NodeLivenessRule.Judge("node1", observation).Evidence);
    }

    [Fact]
    public void Judge_APathThatCouldNotBeChecked_IsNoEvidence_SoTheProbeDecides_EvenBesideACutPath()
    {
        var probes = new[] { NodeProbeAnswer.NoAnswer("node1", "timeout"), Up("node2"), Up("node3") };
        var verdict = NodeLivenessRule.Judge("node1", Observed(probes, Path("node1", "node2", false), Path("node1", "node3", null, "link probe failed")));

        Assert.Equal(NodeLiveness.Unknown, verdict.Liveness);
        Assert.Contains("no path from a live peer settles it (the path from node2 is down and the path from node3 could not be checked (link probe failed))", verdict.Evidence);
    }

    [Fact]
    public void Judge_ANodeWithoutPaths_IsWhatTheProbeSays_AndAnUnprobedNodeIsUnknown()
    {
        Assert.Equal("node1 answered the orchestrator's probe; it has no communication path to judge it by",
            NodeLivenessRule.Judge("node1", Observed([Up("node1")])).Evidence);
        Assert.True(NodeLivenessRule.Judge("NODE1", Observed([Down("node1")])).IsUnreachable);
        Assert.Equal(NodeLiveness.Unknown, NodeLivenessRule.Judge("node9", Observed([Up("node1")])).Liveness);
    }
}
