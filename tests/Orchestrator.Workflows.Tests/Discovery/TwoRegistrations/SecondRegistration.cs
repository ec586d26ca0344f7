using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Tests.Discovery.TwoRegistrations;

/// <summary>The other of two registrations of one folder (only <see cref="WorkflowDiscoveryTests"/> scans this assembly).</summary>
internal sealed class SecondRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
    }
}
