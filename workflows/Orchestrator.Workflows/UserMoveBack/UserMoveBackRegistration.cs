using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>The S10 repair's launcher (the procedure kind and its step action are discovered from this folder).</summary>
public sealed class UserMoveBackRegistration : IWorkflowRegistration
{
    public void Register(IServiceCollection services) => services.AddSingleton<UserMoveBackLauncher>();
}
