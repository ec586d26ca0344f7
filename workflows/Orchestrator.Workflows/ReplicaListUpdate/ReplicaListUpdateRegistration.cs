using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// The background replica-list update's parts. The batch runner is used as itself too (tests drive it), so it is
/// registered here and discovery makes the same instance its <see cref="Engine.Execution.IWorkRunner"/>.
/// </summary>
public sealed class ReplicaListUpdateRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ReplicaUpdateTransitions>();
        services.AddSingleton<ReplicaUpdateScheduler>();
        services.AddSingleton<ReplicaUpdatePlanner>();
        services.AddSingleton<ReplicaBatchRunner>();
        services.AddSingleton<ReplicaUpdateViews>();
    }
}
