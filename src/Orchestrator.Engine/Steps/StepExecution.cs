using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Steps;

/// <summary>What a step action gets: the instance, its step row (ids, node, target, deadline) and the effect key.</summary>
public sealed record StepExecution(ProcedureRecord Procedure, StepRecord Step, TimeProvider Time)
{
    /// <summary>The effect key: the step's identity and this claim's fencing token, so the world refuses a stale claim's effect.</summary>
    public EffectKey Key => new(Procedure.Id, Step.Seq, Step.Generation, Step.ClaimToken);

    /// <summary>The fencing token of the claim this run of the step holds (raised by every claim of the step).</summary>
    public long ClaimToken => Step.ClaimToken;

    /// <summary>MAXWAIT, counted from the first time this step started (persisted, so a crash does not reset it).</summary>
    public DateTimeOffset Deadline => (Step.FirstStartedAt ?? Time.GetUtcNow()) + TimeSpan.FromSeconds(Step.MaxWaitSeconds);

    /// <summary>What the step found worth telling, in words; it goes into the step's audit row (e.g. users that failed to move).</summary>
    public string? Note { get; set; }

    /// <summary>
    /// Set by a step that did its work but fell short of its purpose (<see cref="Storage.Procedures.StepOutcome"/>): partly, or not
    /// at all; <see cref="Note"/> says what, by name. The procedure then ends CompletedWithWarnings or Failed, not Completed.
    /// </summary>
    public string? Outcome { get; set; }

    /// <summary>Set by a step after which the hierarchy is in service on this node: the commit records the placement.</summary>
    public string? Placement { get; set; }
}
