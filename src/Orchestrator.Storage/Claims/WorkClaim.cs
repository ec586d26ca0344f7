namespace Orchestrator.Storage.Claims;

/// <summary>
/// A worker's hold on one row of durable work (a procedure step, a replica-list batch): the fencing token its claim was
/// given. Every write made on behalf of the claim — the commit or checkpoint, a give-back, a lease renewal — names the
/// token and status 'running'; once another claim took the row over (a higher token), the write changes nothing.
/// </summary>
public abstract record WorkClaim(string Kind, long OwnerId, int Seq, long Token);
