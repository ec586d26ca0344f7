using Orchestrator.Host.Runtime;

namespace Orchestrator.Host.Tests;

/// <summary>A runner raises the thread pool's floor to its job workers plus two per core, and never lowers it.</summary>
public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void Ensure_RaisesTheFloorToTheWorkersPlusTwoPerCore_AndNeverLowersIt()
    {
        ThreadPool.GetMinThreads(out var before, out var completion);
        try
        {
            var floor = ThreadPoolFloor.For(OrchestratorRuntime.WorkerCount);
            Assert.True(floor > System.Environment.ProcessorCount, "a runner's floor is above the default (one per core)");
            ThreadPool.SetMinThreads(System.Environment.ProcessorCount, completion);

            Assert.Equal(floor, ThreadPoolFloor.Ensure(OrchestratorRuntime.WorkerCount));
            ThreadPool.GetMinThreads(out var raised, out _);
            Assert.Equal(floor, raised);

            Assert.Equal(floor, ThreadPoolFloor.Ensure(1)); // a smaller need keeps the higher floor
            ThreadPool.GetMinThreads(out var kept, out _);
            Assert.Equal(floor, kept);
        }
        finally
        {
            ThreadPool.SetMinThreads(before, completion);
        }
    }
}
