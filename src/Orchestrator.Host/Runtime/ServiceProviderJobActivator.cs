using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Host.Runtime;

/// <summary>Lets Hangfire build job classes (WorkJob) from the container.</summary>
public sealed class ServiceProviderJobActivator(IServiceProvider services) : JobActivator
{
    public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
}
