namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The triggers only a rolling update has.</summary>
public static class RollingUpdateTriggers
{
    /// <summary>A failover of the hierarchy takes precedence over the update.</summary>
    public const string Suspend = Engine.Commands.ProcedureSuspender.SuspendTrigger;

    public const string OperatorResume = "OperatorResume";
}
