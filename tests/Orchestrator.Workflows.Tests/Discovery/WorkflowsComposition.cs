using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Host.Composition;

namespace Orchestrator.Workflows.Tests.Discovery;

/// <summary>The product's composition (a recorder, or with <c>runsJobs</c> what `serve` runs) in a throwaway data directory, optionally with more registrations.</summary>
internal static class WorkflowsComposition
{
    public static ServiceProvider Build(Action<IServiceCollection>? more = null, bool runsJobs = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "orch-wf-" + Guid.NewGuid().ToString("N")[..8]), RunsJobs = runsJobs });
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
