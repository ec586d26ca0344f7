using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows;

/// <summary>
/// What a procedure folder registers that discovery does not find by itself: its helpers (a starter, a planner...) and any
/// special lifetime or factory. At most one per folder, with a parameterless constructor; found by
/// <see cref="WorkflowDiscovery"/> like the folder's procedures and step actions. A step action or work runner the
/// registration adds as itself is the one instance behind its interface too.
/// </summary>
public interface IWorkflowRegistration
{
    void Register(IServiceCollection services);
}
