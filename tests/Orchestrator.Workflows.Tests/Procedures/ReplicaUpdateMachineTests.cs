using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Replicas;
using Orchestrator.Workflows.ReplicaListUpdate;
using static Orchestrator.Workflows.ReplicaListUpdate.ReplicaUpdateStates;
using static Orchestrator.Workflows.ReplicaListUpdate.ReplicaUpdateTriggers;

namespace Orchestrator.Workflows.Tests.Procedures;

public sealed class ReplicaUpdateMachineTests
{
    [Fact]
    public void DiagramMd_MatchesTheMachine_AndIsRewrittenWhenStale()
    {
        var path = Path.Combine(RepositoryRoot.Path, "workflows", "Orchestrator.Workflows", "ReplicaListUpdate", "diagram.md");
        var expected = DiagramDocument.Render("ReplicaListUpdate", ReplicaUpdateMachine.Diagram());
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        if (actual != expected)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(actual == expected, $"{path} was stale and has been regenerated from the machine; commit it");
    }

    [Theory]
    [InlineData(Planning, Planned, Running)]
    [InlineData(Running, Pause, Paused)]
    [InlineData(Running, BatchesFinished, Completed)]
    [InlineData(Running, Supersede, Superseded)]
    [InlineData(Paused, Cancel, Cancelled)]
    [InlineData(Paused, Supersede, Superseded)]
    public void Transitions_GoWhereTheyShould(string from, string trigger, string to)
    {
        var record = new ReplicaUpdateRecord { State = from, Planned = true };
        Assert.Equal((from, to), ReplicaUpdateMachine.Fire(record, trigger));
    }

    [Fact]
    public void Resume_GoesBackToPlanning_WhenPausedBeforeItWasPlanned()
    {
        Assert.Equal(Planning, ReplicaUpdateMachine.Fire(new ReplicaUpdateRecord { State = Paused, Planned = false }, Resume).To);
        Assert.Equal(Running, ReplicaUpdateMachine.Fire(new ReplicaUpdateRecord { State = Paused, Planned = true }, Resume).To);
    }

    [Fact]
    public void RetryFailed_ReopensACompletedUpdate_OnlyWhenFoldersFailed()
    {
        Assert.Equal(Running, ReplicaUpdateMachine.Fire(new ReplicaUpdateRecord { State = Completed, Failed = 2 }, RetryFailed).To);
        var refused = Assert.Throws<ProcedureStateException>(() => ReplicaUpdateMachine.Fire(new ReplicaUpdateRecord { Id = 4, Hierarchy = "exch1", State = Completed }, RetryFailed));
        Assert.Contains("no failed folder", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Cancelled, Resume)]
    [InlineData(Superseded, RetryFailed)]
    [InlineData(Completed, Pause)]
    [InlineData(Paused, Pause)]
    public void ImpossibleOperations_AreRefused_NamingTheUpdateAndItsState(string state, string trigger)
    {
        var e = Assert.Throws<ProcedureStateException>(() => ReplicaUpdateMachine.Fire(new ReplicaUpdateRecord { Id = 7, Hierarchy = "exch1", State = state }, trigger));
        Assert.Contains("#7 of exch1 is " + state, e.Message, StringComparison.Ordinal);
    }
}
