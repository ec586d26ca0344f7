using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>Issue 12 point 4: a rolling update yielding to a failover while a step runs drains (Suspending) before the failover starts.</summary>
public sealed class SuspendDrainTests
{
    [Fact]
    public async Task AFailoverDuringALongUpdateStep_SuspendsItByDraining_IsRefusedUntilTheStepReported_ThenLaunched()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node"));
        await o.World.SetLatencyAsync(EffectKind.PackageInstall, TimeSpan.FromSeconds(2));
        var id = (await o.Mediator.Send(new StartRollingUpdateCommand("exch1", false, UpdateScenario.Package, null, "tester"))).Id;
        var install = (await o.Store.GetStepsAsync(id, CancellationToken.None)).First(s => s.Action == StepActions.PackageInstall).Seq;
        await CancelDrainTests.WaitUntilAsync(async () => (await o.Store.GetStepsAsync(id, CancellationToken.None))[install - 1].Status == StepStatus.Running);

        await o.World.FailNodeAsync("node1");
        var first = await o.FailoverAsync("node1 unreachable on 1/1 paths for 3 checks");
        var second = await o.FailoverAsync("node1 unreachable on 1/1 paths for 3 checks"); // the monitor's next round

        Assert.Null(first.Started);
        Assert.Equal(FailoverDecisionKind.Wait, first.Decision.Kind);
        Assert.StartsWith($"procedure #{id} (rolling-update of exch1) is suspending: step {install} (package.install ", first.Decision.Reason, StringComparison.Ordinal);
        Assert.Null(second.Started);
        var draining = await o.Mediator.Send(new GetProcedureQuery(id));
        Assert.Equal((ProcedureStates.Suspending, true), (draining.State, draining.IsActive));
        Assert.Single(await o.Mediator.Send(new ListAuditQuery("exch1", null)), r => r.TriggerName == "FailoverWaitsForDrain"); // recorded once, not every round

        await CancelDrainTests.WaitUntilAsync(async () => (await o.Mediator.Send(new GetProcedureQuery(id))).State == RollingUpdateStates.Suspended);
        var suspended = await o.Mediator.Send(new GetProcedureQuery(id));
        Assert.False(suspended.IsActive);
        Assert.Equal(StepStatus.Planned, suspended.Steps[install - 1].Status); // the install did not report done: a resume runs it again
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", id));
        var final = Assert.Single(audit, r => r.ToState == RollingUpdateStates.Suspended);
        Assert.Equal((ProcedureStates.Suspending, ProcedureTriggers.StepReported), (final.FromState, final.TriggerName));
        Assert.Contains($"suspended after step {install} reported", final.Reason, StringComparison.Ordinal);

        var launched = await o.FailoverAsync("node1 unreachable on 1/1 paths for 3 checks");
        Assert.NotNull(launched.Started);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(launched.Started.Id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }
}
