namespace Orchestrator.Domain.Rules;

/// <summary>
/// The procedure that holds a hierarchy (its active slot), as <see cref="ProcedureConflictRule"/> judges a request against
/// it: <paramref name="Draining"/> when it was cancelled or suspended while a step ran and waits for that step to report
/// (<paramref name="RunningStep"/> names it, e.g. "step 7 (service.start MSExchangeIS on node2)"; null when not known;
/// <paramref name="RunningStepLeaseExpired"/> when that step's lease has expired — its worker is gone, <see cref="ClaimLeaseRule"/>);
/// <paramref name="YieldsToFailover"/> when a failover of the hierarchy suspends it instead of being refused.
/// </summary>
public sealed record HoldingProcedure(
    long Id, string Kind, string Hierarchy, string State, bool Draining = false, string? RunningStep = null, bool YieldsToFailover = false,
    bool RunningStepLeaseExpired = false);
