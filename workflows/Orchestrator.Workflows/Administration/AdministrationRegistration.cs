using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The administration base's helpers (issue 16): the one launcher of hierarchy administration procedures, the prologue their
/// commands share (<see cref="AdminCommandSupport"/>) and the reader of what they carry (the running state their rules judge is
/// the Engine's RunningStateReader, shared with `cluster apply`).
/// </summary>
public sealed class AdministrationRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<AdminProcedureLauncher>();
        services.AddSingleton<AdminCommandSupport>();
        services.AddSingleton<ProposalReader>();
    }
}
