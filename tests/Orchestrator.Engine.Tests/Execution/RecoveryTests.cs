using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

public sealed class RecoveryTests
{
    [Fact]
    public async Task ACommittedStepWithNoJob_IsPickedUpByTheSweeper_OfTheNextRunner()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        long id;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            id = (await recorder.SwitchoverAsync("node2")).Id; // committed, never enqueued
            await Task.Delay(200);
            Assert.Equal("Preparing", (await recorder.Store.GetAsync(id, CancellationToken.None))!.State);
        }

        await using var runner = await TestOrchestrator.StartAsync(directory: directory);
        Assert.Equal(ProcedureStates.Completed, (await runner.SettledAsync(id)).State);
    }

    [Fact]
    public async Task AStepClaimedByADeadWorker_IsTakenOverOnceItsLeaseExpires_NotReleasedAtStartUp_AndCompletes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        long id;
        DateTimeOffset expires;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            id = (await recorder.SwitchoverAsync("node2")).Id;
            var claimed = await recorder.Store.TryClaimStepAsync(id, 1, "crashed-host:1:dead", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(3), CancellationToken.None);
            expires = claimed!.ClaimExpiresAt!.Value;
        }

        await using var runner = await TestOrchestrator.StartAsync(directory: directory);
        var view = await runner.SettledAsync(id);
        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(2, view.Steps[0].Attempts); // the dead worker's attempt, then ours
        Assert.All(view.Steps, s => Assert.Equal(StepStatus.Done, s.Status));
        var first = (await runner.Store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal(2, first.ClaimToken);
        Assert.True(first.CompletedAt >= expires, $"step 1 was taken over at start-up ({first.CompletedAt:O}), before the dead worker's lease expired ({expires:O})");
    }
}
