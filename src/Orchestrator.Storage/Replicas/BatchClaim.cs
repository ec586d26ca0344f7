using Orchestrator.Storage.Claims;

namespace Orchestrator.Storage.Replicas;

/// <summary>A worker's hold on one batch of a replica-list update: the fencing token its claim was given (see <see cref="WorkClaim"/>).</summary>
public sealed record BatchClaim(long UpdateId, int Seq, long Token) : WorkClaim(WorkKinds.ReplicaBatch, UpdateId, Seq, Token)
{
    public static BatchClaim Of(ReplicaBatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new BatchClaim(batch.UpdateId, batch.Seq, batch.ClaimToken);
    }

    public override string ToString() => $"batch {Seq} of replica-list update #{UpdateId} (claim token {Token})";
}
