using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13: a step is marked dispatched before its job is enqueued. Marked after, a worker of another runner woken at
/// once (PostgreSQL's LISTEN/NOTIFY) claims while the mark's update holds the row: its claim skips the locked row and does
/// nothing, and the mark then hides the step from this sweeper for RedispatchAfter (30 s) — a stall, not a takeover.
/// </summary>
public sealed class DispatchOrderTests
{
    [Fact]
    public async Task ADispatchedStep_IsMarkedBeforeItsJobIsEnqueued()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var id = (await o.SwitchoverAsync("node2")).Id; // recorded, not dispatched: only a sweeper dispatches it
        Assert.Null((await o.Store.GetStepsAsync(id, CancellationToken.None))[0].DispatchedBy);
        var jobs = new MarkAtEnqueue(o.Store, id);
        var worker = o.Get<WorkerIdentity>();
        var dispatcher = new HangfireWorkDispatcher(jobs, o.Store, o.Get<IReplicaUpdateStore>(), worker, TimeProvider.System);

        await dispatcher.DispatchAsync(WorkItem.Step(id, 1), CancellationToken.None);

        Assert.Equal(1, jobs.Enqueued);
        Assert.Equal(worker.Id, jobs.DispatchedByAtEnqueue);
    }

    /// <summary>A job client that enqueues nothing and notes the step's dispatch mark as it was when the job was created.</summary>
    private sealed class MarkAtEnqueue(IProcedureStore store, long procedureId) : IBackgroundJobClient
    {
        public int Enqueued { get; private set; }

        public string? DispatchedByAtEnqueue { get; private set; }

        public string Create(Job job, IState state)
        {
            Enqueued++;
            DispatchedByAtEnqueue = store.GetStepsAsync(procedureId, CancellationToken.None).GetAwaiter().GetResult()[0].DispatchedBy;
            return Enqueued.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
