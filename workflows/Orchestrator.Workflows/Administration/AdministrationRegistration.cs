using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The administration base's helpers (issue 16): the one launcher of hierarchy administration procedures, the reader of what
/// they carry, and the running state their rules judge.
/// </summary>
public sealed class AdministrationRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<AdminProcedureLauncher>();
        services.AddSingleton<ProposalReader>();
        services.AddSingleton<AdminRunningState>();
    }
}
