namespace Orchestrator.Storage.Replicas;

/// <summary>What a transition does to the update's batches.</summary>
public enum ReplicaBatchEffect
{
    None,

    /// <summary>Batches not started are cancelled (a running batch finishes and checkpoints).</summary>
    CancelPending,

    /// <summary>The open failures become one new batch (first attempt again) and the failed count goes down.</summary>
    RequeueFailures,
}
