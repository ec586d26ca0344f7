namespace Orchestrator.Storage.Claims;

/// <summary>The kinds of durable work the one claim-and-chain mechanism runs: what a claim and a dispatched job are of.</summary>
public static class WorkKinds
{
    /// <summary>A step of a procedure (owner: the procedure's id).</summary>
    public const string Step = "step";

    /// <summary>A batch of folders of a replica-list update (owner: the update's id).</summary>
    public const string ReplicaBatch = "replica-batch";

    /// <summary>The planning of a replica-list update (owner: the update's id; nothing is claimed, the plan commit is a compare-and-set).</summary>
    public const string ReplicaPlan = "replica-plan";
}
