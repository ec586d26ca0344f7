namespace Orchestrator.Storage.Procedures;

/// <summary>
/// A procedure about to be created, in its first state — or, with <paramref name="HoldReason"/>, waiting for an
/// operator's approval before its first step (e.g. automatic failover disabled, S19). With <paramref name="Basis"/> the
/// creating transaction first checks that the hierarchy is still as the plan saw it (else <see cref="StalePlanException"/>).
/// With <paramref name="DispatchedBy"/> (and no hold) the first step is created already marked dispatched by that
/// worker, which enqueues it right after the commit: one commit instead of two. If the enqueue never happens (a crash
/// between the commit and the enqueue), the sweeper dispatches the step again, as any step marked dispatched whose job
/// is lost.
/// </summary>
public sealed record NewProcedure(
    string Kind,
    string Hierarchy,
    string InitialState,
    string? SourceNode,
    string? TargetNode,
    string RequestedBy,
    string Reason,
    long DefinitionVersion,
    DateTimeOffset At,
    string? HoldReason = null,
    PlanBasis? Basis = null,
    string? DispatchedBy = null);
