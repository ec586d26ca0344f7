using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Failover;

/// <summary>The failover folder's helper: the one starter of every failover (operator, monitor, approval).</summary>
public sealed class FailoverRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services) => services.AddSingleton<FailoverStarter>();
}
