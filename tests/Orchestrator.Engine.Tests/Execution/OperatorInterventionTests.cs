using Orchestrator.Engine.Commands.CancelProcedure;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

public sealed class OperatorInterventionTests
{
    [Fact]
    public async Task AStepThatKeepsFailing_EndsInWaitingForOperator_WithTheError()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        Assert.Contains("MSExchangeIS", view.LastError, StringComparison.Ordinal);
        var failed = view.Steps.Single(s => s.Status == StepStatus.Failed);
        Assert.Equal(("service.start", "MSExchangeIS", 3), (failed.Action, failed.Target, failed.Attempts));
        Assert.All(view.Steps.Where(s => s.Seq > failed.Seq), s => Assert.Equal(StepStatus.Planned, s.Status));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        Assert.Contains(audit, r => r.ToState == ProcedureStates.WaitingForOperator && r.Reason.Contains("procedures retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_ContinuesFromTheFailedStep_OnceTheFaultIsCleared()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var started = await o.SwitchoverAsync("node2");
        await o.SettledAsync(started.Id);

        await o.World.ClearServiceFaultAsync("node2", "MSExchangeIS");
        var resumed = await o.Mediator.Send(new RetryProcedureCommand(started.Id, "operator-anna"));
        Assert.Equal("BringingInService", resumed.State);
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        Assert.Contains(audit, r => r.TriggerName == ProcedureTriggers.OperatorRetry && r.Actor == "operator-anna");
    }

    [Fact]
    public async Task Cancel_StopsTheProcedure_ReportsEveryResource_AndFreesTheHierarchy()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var started = await o.SwitchoverAsync("node2");
        await o.SettledAsync(started.Id);

        var cancelled = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.Equal(ProcedureStates.Cancelled, cancelled.Procedure.State);
        Assert.Empty(cancelled.InServiceOn); // MSExchangeIS never started on node2
        Assert.Contains("volume E: mounted on node2", cancelled.Resources);
        Assert.Contains("service MSExchangeIS: failed on node2", cancelled.Resources);
        Assert.Contains("service RESvc: running on node2", cancelled.Resources);
        Assert.DoesNotContain(cancelled.Procedure.Steps, s => s.Status is StepStatus.Planned or StepStatus.Ready or StepStatus.Failed);

        await o.World.ClearServiceFaultAsync("node2", "MSExchangeIS");
        var again = await o.SwitchoverAsync("node1");
        Assert.NotEqual(started.Id, again.Id);
    }

    [Fact]
    public async Task Retry_IsRefused_ForAProcedureThatHasNothingToRetry()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var started = await o.SwitchoverAsync("node2");
        await o.SettledAsync(started.Id);
        var error = await Assert.ThrowsAsync<ProcedureStateException>(async () => await o.Mediator.Send(new RetryProcedureCommand(started.Id, "anna")));
        Assert.Contains("Completed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxWait_Exceeded_StopsForAnOperator_InsteadOfHanging()
    {
        var yaml = Workflows.Samples.Read("two-node").Replace("        - name: MSExchangeIS\n", "        - name: MSExchangeIS\n          maxwait: 1\n", StringComparison.Ordinal);
        Assert.Contains("maxwait: 1", yaml, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.SetStartDelayAsync("MSExchangeIS", TimeSpan.FromHours(1));
        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        Assert.Contains("within MAXWAIT 1 s", view.LastError, StringComparison.Ordinal);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        Assert.Equal(ProcedureTriggers.MaxWaitExceeded, audit[^1].TriggerName);
    }
}
