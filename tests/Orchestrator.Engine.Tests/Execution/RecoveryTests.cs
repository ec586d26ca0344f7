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
    public async Task AStepClaimedByADeadWorker_IsReleasedAtStartUp_AndCompletes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        long id;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            id = (await recorder.SwitchoverAsync("node2")).Id;
            Assert.True(await recorder.Store.TryClaimStepAsync(id, 1, "crashed-host:1:dead", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), CancellationToken.None));
        }

        await using var runner = await TestOrchestrator.StartAsync(directory: directory);
        var view = await runner.SettledAsync(id);
        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(2, view.Steps[0].Attempts); // the dead worker's attempt, then ours
        Assert.All(view.Steps, s => Assert.Equal(StepStatus.Done, s.Status));
    }
}
