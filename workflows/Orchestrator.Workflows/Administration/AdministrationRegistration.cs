using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Administration;

/// <summary>The administration base's helper: the one launcher of hierarchy administration procedures (issue 16).</summary>
public sealed class AdministrationRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services) => services.AddSingleton<AdminProcedureLauncher>();
}
