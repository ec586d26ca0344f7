using Orchestrator.Storage.Claims;

namespace Orchestrator.Storage.Procedures;

/// <summary>
/// A worker's hold on one step: the fencing token its claim was given. Every write on behalf of the claim names it;
/// once another claim took the step over (a higher token), the write changes nothing.
/// </summary>
public sealed record StepClaim(long ProcedureId, int Seq, long Token) : WorkClaim(WorkKinds.Step, ProcedureId, Seq, Token)
{
    public static StepClaim Of(StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new StepClaim(step.ProcedureId, step.Seq, step.ClaimToken);
    }

    public override string ToString() => $"step {Seq} of procedure #{ProcedureId} (claim token {Token})";
}
