namespace Orchestrator.Storage.Procedures;

/// <summary>One planned resource action of a procedure, with its claim and dispatch bookkeeping (the outbox).</summary>
public sealed class StepRecord
{
    public long ProcedureId { get; set; }
    public int Seq { get; set; }
    public string Phase { get; set; } = "";
    public string Action { get; set; } = "";
    public string Node { get; set; } = "";
    public string Target { get; set; } = "";
    public int MaxWaitSeconds { get; set; }
    public string Status { get; set; } = StepStatus.Planned;
    public int Generation { get; set; }
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimExpiresAt { get; set; }

    /// <summary>The fencing token of the step's newest claim: raised by every claim, named by every write made on its behalf.</summary>
    public long ClaimToken { get; set; }

    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? FirstStartedAt { get; set; }
    public string? DispatchedBy { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>What a waiting step waits for (a mirror to reach mirroring, a scheduled time), until it runs again.</summary>
    public string? WaitingFor { get; set; }

    /// <summary>A done step that fell short of its purpose: <see cref="StepOutcome.Partial"/> or <see cref="StepOutcome.NotAchieved"/>.</summary>
    public string? Outcome { get; set; }

    /// <summary>What fell short, in words (e.g. the users that failed to move, by name).</summary>
    public string? OutcomeNote { get; set; }
}
