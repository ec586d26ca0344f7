using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Procedures;

/// <summary>
/// Everything one transition changes, committed in one transaction (durability contract, point 1):
/// compare-and-set of state and version, the step rows, the audit rows and, when
/// <see cref="ClaimStep"/> is set, the claim of the next ready step by the committing worker. When
/// <see cref="HeldClaim"/> is set the commit is made on behalf of that claim: it commits only while the step is still
/// running under that token, and is <see cref="TransitionOutcome.Fenced"/> otherwise. With <see cref="RequireRunningStep"/>
/// it commits only while a step of the procedure runs (true) or none does (false), else it is
/// <see cref="TransitionOutcome.Lost"/>: a cancel or a suspension ends at once, or drains, only as the steps still are.
/// </summary>
public sealed record TransitionCommit(
    long ProcedureId,
    string ExpectedState,
    long ExpectedVersion,
    string NewState,
    bool IsActive,
    string? ResumeState,
    string? LastError,
    IReadOnlyList<StepChange> Steps,
    IReadOnlyList<NewAuditEntry> Audit,
    PlacementChange? Placement,
    DateTimeOffset At,
    int? ClaimStep = null,
    string? ClaimFor = null,
    TimeSpan ClaimLease = default,
    StepClaim? HeldClaim = null,
    bool? RequireRunningStep = null);
