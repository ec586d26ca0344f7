namespace Orchestrator.Storage.Replicas;

/// <summary>
/// A provider's claim statements for replica batches (its ClaimSql over replica_batches), with the parameters
/// <see cref="DatabaseReplicaUpdateStore"/> gives them: @owner, @seq, @worker, @now, @expires, @leaseSeconds, @moveKinds to
/// claim; @OwnerId, @Seq, @Token for a held claim; @notBefore or @delaySeconds to give one back; @at to mark a dispatch.
/// </summary>
/// <param name="Claim">Claims batch @seq of update @owner (or its next due one): ready, or running with an expired claim — never one a live claim holds; only while the update runs and no newer move (of @moveKinds) superseded it.</param>
/// <param name="Renew">Extends a held claim.</param>
/// <param name="GiveBack">Gives a held claim back: the batch is ready again (its runs count stays: its folders may have been written in part).</param>
/// <param name="Held">The condition that the claim still holds its batch.</param>
/// <param name="MarkDispatched">Marks batch @seq of @owner dispatched by @worker at @at.</param>
public sealed record BatchClaimStatements(string Claim, string Renew, string GiveBack, string Held, string MarkDispatched);
