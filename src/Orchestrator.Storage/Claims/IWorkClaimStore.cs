namespace Orchestrator.Storage.Claims;

/// <summary>What every store of claimed work offers the one heartbeat: renewing a held claim's lease.</summary>
public interface IWorkClaimStore
{
    /// <summary>
    /// Extends a held claim's lease to <paramref name="now"/> + <paramref name="lease"/> (the worker's heartbeat); false when
    /// the claim was taken over or the row no longer runs (the lease is lost: the worker must stop without committing).
    /// </summary>
    Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);
}
