namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>What an operator can do to a replica-list update.</summary>
public enum ReplicaUpdateOperation
{
    Pause,
    Resume,
    Cancel,
    RetryFailed,
}
