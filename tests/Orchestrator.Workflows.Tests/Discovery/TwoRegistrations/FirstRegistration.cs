using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Tests.Discovery.TwoRegistrations;

/// <summary>One of two registrations of one folder (only <see cref="WorkflowDiscoveryTests"/> scans this assembly).</summary>
internal sealed class FirstRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
    }
}
