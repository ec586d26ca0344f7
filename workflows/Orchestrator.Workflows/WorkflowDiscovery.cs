using System.Reflection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;

namespace Orchestrator.Workflows;

/// <summary>
/// Finds the procedure kinds (<see cref="IProcedureDefinition"/>), step actions (<see cref="IStepAction"/>), work runners
/// (<see cref="IWorkRunner"/>) and folder registrations (<see cref="IWorkflowRegistration"/>) of an assembly: every
/// concrete class implementing one, public or not, in the order of its full name (deterministic, whatever the compiler's
/// order). Plain reflection over one assembly: adding a procedure is adding its folder.
/// </summary>
public static class WorkflowDiscovery
{
    public static DiscoveredWorkflows Scan(Assembly assembly)
    {
        var types = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        var registrations = Implementing<IWorkflowRegistration>(types);
        foreach (var registration in registrations.Where(r => r.GetConstructor(Type.EmptyTypes) is null))
        {
            throw new InvalidOperationException($"workflow registration {registration.FullName} needs a public parameterless constructor");
        }

        var twice = registrations.GroupBy(r => r.Namespace).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException(
                $"folder {twice.Key} has more than one workflow registration ({string.Join(", ", twice.Select(r => r.FullName))}); keep one per folder");
        }

        return new DiscoveredWorkflows(registrations, Implementing<IProcedureDefinition>(types), Implementing<IStepAction>(types), Implementing<IWorkRunner>(types));
    }

    private static List<Type> Implementing<T>(IEnumerable<Type> types) => types.Where(typeof(T).IsAssignableFrom).ToList();
}
