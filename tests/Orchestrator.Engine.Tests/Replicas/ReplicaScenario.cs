using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows;
using Orchestrator.Workflows.ReplicaListUpdate;

namespace Orchestrator.Engine.Tests.Replicas;

/// <summary>A two-node orchestrator with update-replica-list on and public folders on node1, and ways to wait for its update.</summary>
internal static class ReplicaScenario
{
    public static string Yaml(int batchSize, int parallelism) =>
        Samples.Read("two-node").Replace(
            "  update-replica-list: false",
            $"  update-replica-list: true\n  replica-batch-size: {batchSize}\n  replica-parallelism: {parallelism}",
            StringComparison.Ordinal);

    /// <summary>Starts the orchestrator, seeds the folders (listing node1) and sets the per-folder write latency.</summary>
    public static async Task<TestOrchestrator> StartAsync(
        int folders, int batchSize, int parallelism, TimeSpan latency, string? yaml = null, bool runsJobs = true, EngineOptions? engine = null, string? directory = null,
        Action<IServiceCollection>? configure = null)
    {
        var o = await TestOrchestrator.StartAsync(runsJobs, engine, yaml ?? Yaml(batchSize, parallelism), directory, configure: configure);
        Assert.Equal(folders, await o.Get<SimulatedPublicFolders>().SeedAsync(folders, ["node1"]));
        if (latency > TimeSpan.Zero)
        {
            await o.World.SetLatencyAsync(EffectKind.PublicFolderWrite, latency);
        }

        return o;
    }

    /// <summary>Fails node1 and runs the failover to its end (the replica-list update goes on in the background).</summary>
    public static async Task<long> FailOverAsync(TestOrchestrator o)
    {
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started!.Id)).State);
        return outcome.Started.Id;
    }

    public static Task<ReplicaUpdateView?> LatestAsync(TestOrchestrator o, string hierarchy = "exch1") =>
        o.Mediator.Send(new GetReplicaUpdateQuery(hierarchy)).AsTask();

    public static async Task<ReplicaUpdateView> WaitAsync(TestOrchestrator o, Func<ReplicaUpdateView, bool> until, TimeSpan? timeout = null, string hierarchy = "exch1")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await LatestAsync(o, hierarchy);
            if (view is not null && until(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the replica-list update is still {(view is null ? "absent" : ReplicaUpdateWatcherText(view))} after the timeout");
            await Task.Delay(10);
        }
    }

    public static Task<ReplicaUpdateView> CompletedAsync(TestOrchestrator o, string hierarchy = "exch1") =>
        WaitAsync(o, v => !v.IsActive, hierarchy: hierarchy);

    private static string ReplicaUpdateWatcherText(ReplicaUpdateView v) => $"#{v.Id} {v.State} {v.Done}/{v.Total} failed {v.Failed}";
}
