using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Issue 11: a launch is one commit (the procedure with its first step already marked dispatched), then the enqueue.</summary>
public sealed class LaunchDispatchTests
{
    [Fact]
    public async Task ALaunch_CommitsItsFirstStepMarkedDispatched_WithoutASecondCommit_AndAnEnqueueLostAfterTheCommit_IsDispatchedAgainByTheSweeper()
    {
        var marks = 0;
        var engine = TestOrchestrator.FastRetries();
        engine.RedispatchAfter = TimeSpan.FromMilliseconds(500);
        await using var o = await TestOrchestrator.StartAsync(engine: engine, configure: services =>
        {
            services.AddSingleton(sp => InterceptedProcedureStore.Around(
                new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()),
                (name, _) =>
                {
                    if (name == nameof(IProcedureStore.MarkDispatchedAsync))
                    {
                        Interlocked.Increment(ref marks);
                    }

                    return null;
                }));

            // The process "crashes" between the launch's commit and its enqueue: the job never reaches the queue.
            services.AddSingleton<IWorkDispatcher>(sp => new LaunchEnqueueLost(ActivatorUtilities.CreateInstance<HangfireWorkDispatcher>(sp)));
        });

        var id = (await o.SwitchoverAsync("node2")).Id;
        var first = (await o.Store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal(0, Volatile.Read(ref marks));
        Assert.Equal(o.Get<WorkerIdentity>().Id, first.DispatchedBy);
        Assert.NotNull(first.DispatchedAt);

        // The sweeper treats it as any dispatched step whose job is lost: dispatched again once RedispatchAfter passed.
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(id)).State);
    }

    private sealed class LaunchEnqueueLost(IWorkDispatcher inner) : IWorkDispatcher
    {
        public string? LaunchMark => inner.LaunchMark;

        public Task DispatchAsync(WorkItem item, CancellationToken cancellationToken) => inner.DispatchAsync(item, cancellationToken);

        public void EnqueueLaunched(long procedureId)
        {
        }

        public Task ScheduleAsync(WorkItem item, TimeSpan delay, CancellationToken cancellationToken) =>
            inner.ScheduleAsync(item, delay, cancellationToken);
    }
}
