using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Host.Runtime;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 11 point 2: the first monitor round runs after the runtime is serving, never inside its start-up.</summary>
public sealed class ServeStartScenarioTests
{
    [Fact]
    public async Task TheRuntimeStartReturns_WhileASlowFirstMonitorRoundIsStillProbing()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var probe = new BlockingNodeProbe(o.World);
        var provider = o.Get<IServiceProvider>();
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(provider, (INodeProbe)probe);
        var runtime = ActivatorUtilities.CreateInstance<OrchestratorRuntime>(provider, monitor);
        runtime.Monitoring = true;
        try
        {
            var start = Task.Run(() => runtime.StartAsync(CancellationToken.None));
            Assert.True(probe.Entered.Wait(TimeSpan.FromSeconds(30)), "the first monitor round never probed a node");
            // The first round is held inside its first probe (a slow world): the start must be over regardless.
            var first = await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(start, first);
            await start;
            Assert.False(probe.Released, "the start returned only once the first round was let go");
        }
        finally
        {
            probe.Release();
            await runtime.DisposeAsync();
        }
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
