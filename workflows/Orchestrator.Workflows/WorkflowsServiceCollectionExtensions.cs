using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;

namespace Orchestrator.Workflows;

/// <summary>
/// Registers every procedure kind, step action and work runner of this assembly, found by <see cref="WorkflowDiscovery"/>
/// (singletons), after each folder's <see cref="IWorkflowRegistration"/>. Nothing here names a procedure.
/// </summary>
public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services) =>
        services.AddWorkflows(WorkflowDiscovery.Scan(typeof(WorkflowsServiceCollectionExtensions).Assembly));

    /// <summary>Registers what a scan found: the folders' registrations first, then each kind, action and runner.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, DiscoveredWorkflows found)
    {
        foreach (var registration in found.Registrations)
        {
            ((IWorkflowRegistration)Activator.CreateInstance(registration)!).Register(services);
        }

        AddAll(services, typeof(IProcedureDefinition), found.Procedures);
        AddAll(services, typeof(IStepAction), found.StepActions);
        AddAll(services, typeof(IWorkRunner), found.WorkRunners);
        return services;
    }

    private static void AddAll(IServiceCollection services, Type service, IEnumerable<Type> implementations)
    {
        foreach (var implementation in implementations)
        {
            if (services.Any(d => d.ServiceType == implementation))
            {
                // Registered as itself by its folder (it is used as itself too): one instance behind both.
                services.AddSingleton(service, sp => sp.GetRequiredService(implementation));
            }
            else
            {
                services.AddSingleton(service, implementation);
            }
        }
    }
}
