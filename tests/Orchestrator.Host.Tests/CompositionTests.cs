using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Host.Tests;

public sealed class CompositionTests
{
    private static ServiceProvider Build(bool runsJobs)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "orch-host-" + Guid.NewGuid().ToString("N")[..8]), RunsJobs = runsJobs });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task ARunner_ResolvesEveryServiceItNeeds_AndDispatchesThroughHangfire()
    {
        await using var provider = Build(runsJobs: true);
        Assert.IsType<HangfireWorkDispatcher>(provider.GetRequiredService<IWorkDispatcher>());
        Assert.NotNull(provider.GetRequiredService<OrchestratorRuntime>());
        Assert.NotNull(provider.GetRequiredService<WorkJob>());
        Assert.Equal([WorkKinds.ReplicaBatch, WorkKinds.ReplicaPlan, WorkKinds.Step], provider.GetServices<IWorkRunner>().Select(r => r.Kind).Order());
    }

    [Fact]
    public void ARecorder_LeavesDispatchToTheRunnersSweeper()
    {
        using var provider = Build(runsJobs: false);
        Assert.IsType<DeferredWorkDispatcher>(provider.GetRequiredService<IWorkDispatcher>());
        Assert.Null(provider.GetService<OrchestratorRuntime>());
    }

    [Fact]
    public void EveryActionThatAPlanCanName_HasAStepAction()
    {
        using var provider = Build(runsJobs: false);
        var catalog = provider.GetRequiredService<StepActionCatalog>();
        var names = typeof(Workflows.Resources.StepActions).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal(n, catalog.Get(n).Action));
        Assert.Equal("switchover", provider.GetRequiredService<ProcedureCatalog>().Get("switchover").Kind);
    }
}
