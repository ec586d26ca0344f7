namespace Orchestrator.Storage.Replicas;

/// <summary>Whether the checkpoint was committed (false: the claim was lost), and the next batch claimed with it.</summary>
public sealed record ReplicaCheckpointOutcome(bool Committed, ReplicaBatchRecord? Next)
{
    public static ReplicaCheckpointOutcome Lost { get; } = new(false, null);
}
