using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The rolling update folder's helpers: the child moves it launches and the lookup of its procedures.</summary>
public sealed class RollingUpdateRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ChildMoves>();
        services.AddSingleton<RollingUpdates>();
    }
}
