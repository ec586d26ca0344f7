namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>What moves a replica-list update from one state to another.</summary>
public static class ReplicaUpdateTriggers
{
    public const string Planned = "Planned";
    public const string BatchesFinished = "BatchesFinished";
    public const string Pause = "OperatorPause";
    public const string Resume = "OperatorResume";
    public const string Cancel = "OperatorCancel";
    public const string RetryFailed = "OperatorRetryFailed";
    public const string Supersede = "Superseded";
}
