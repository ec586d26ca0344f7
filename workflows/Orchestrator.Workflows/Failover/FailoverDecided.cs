namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The decision step's answer: either a failover to launch (<see cref="Admitted"/>), or the outcome of a decision that
/// starts nothing (waits, blocked, refused), already recorded in the journal (<see cref="NotStarted"/>).
/// </summary>
public sealed record FailoverDecided(AdmittedFailover? Admitted, FailoverOutcome? NotStarted);
