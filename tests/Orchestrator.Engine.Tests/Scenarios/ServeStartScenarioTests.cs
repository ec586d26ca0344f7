using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Host.Runtime;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 11 point 2: the first monitor round runs after serve is serving, never inside its start-up.</summary>
public sealed class ServeStartScenarioTests
{
    [Fact]
    public async Task StartingTheMonitorReturns_WhileASlowFirstMonitorRoundIsStillProbing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, time: clock);
        var probe = new BlockingNodeProbe(o.World);
        var runtime = Runtime(o, probe);
        try
        {
            await runtime.StartAsync(CancellationToken.None);
            var start = Task.Run(runtime.StartMonitoring);
            Assert.True(await UntilProbedAsync(clock, probe), "the first monitor round never probed a node");
            // The first round is held inside its first probe (a slow world): starting the monitor must be over regardless.
            var first = await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(start, first);
            await start;
            Assert.False(probe.Released, "starting the monitor returned only once the first round was let go");
        }
        finally
        {
            probe.Release();
            await runtime.DisposeAsync();
        }
    }

    /// <summary>
    /// Issue 11 (serve answers within 2 s): the runtime's start runs no monitor round; serve starts the monitor once it
    /// is serving, and its first round comes one monitor interval later, so a round at 1,000 hierarchies never competes
    /// with the listener's start and its first answers.
    /// </summary>
    [Fact]
    public async Task TheRuntimeStartRunsNoMonitorRound_AndTheFirstRoundComesOneIntervalAfterServeStartsTheMonitor()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, time: clock);
        var probe = new BlockingNodeProbe(o.World);
        probe.Release(); // probes answer at once: only whether and when one is made matters here
        var runtime = Runtime(o, probe);
        try
        {
            await runtime.StartAsync(CancellationToken.None);
            Assert.False(probe.Entered.Wait(TimeSpan.FromSeconds(1)), "the runtime's start began a monitor round before serve was serving");

            runtime.StartMonitoring();
            Assert.False(probe.Entered.Wait(TimeSpan.FromSeconds(1)), "the first round ran before one monitor interval had passed");
            Assert.True(await UntilProbedAsync(clock, probe), "the monitor never probed a node once its interval had passed");
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    /// <summary>The loop waits on its own thread: moves the clock one interval of two-node.yaml (5 s) at a time until a round probes.</summary>
    private static async Task<bool> UntilProbedAsync(FakeTimeProvider clock, BlockingNodeProbe probe)
    {
        for (var i = 0; i < 300 && !probe.Entered.IsSet; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
        }

        return probe.Entered.IsSet;
    }

    /// <summary>The runtime as serve composes it, with <paramref name="probe"/> at the edge of the world.</summary>
    private static OrchestratorRuntime Runtime(TestOrchestrator o, INodeProbe probe)
    {
        var provider = o.Get<IServiceProvider>();
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(provider, probe);
        return ActivatorUtilities.CreateInstance<OrchestratorRuntime>(provider, monitor);
    }

    /// <summary>The node probe at the edge of the world: the first call blocks its thread (as a slow synchronous read does) until released.</summary>
    private sealed class BlockingNodeProbe(SimulatedWorld world) : INodeProbe
    {
        private readonly ManualResetEventSlim _release = new();

        public ManualResetEventSlim Entered { get; } = new();

        public bool Released => _release.IsSet;

        public void Release() => _release.Set();

        public Task<bool> IsUpAsync(string node, CancellationToken cancellationToken)
        {
            Entered.Set();
            _release.Wait(cancellationToken);
            return world.IsUpAsync(node, cancellationToken);
        }
    }
}
