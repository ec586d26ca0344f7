using Stateless;

namespace Orchestrator.Engine.Procedures;

/// <summary>
/// The transitions every procedure shares: a failed step or an exceeded MAXWAIT stops the procedure in
/// <see cref="ProcedureStates.WaitingForOperator"/>; the operator retries (back to the working state it
/// stopped in) or cancels. A procedure created on hold (S19) starts there and goes on when approved. A cancel while a
/// step runs goes to <see cref="ProcedureStates.Cancelling"/> (the hierarchy stays taken) until that step has reported.
/// </summary>
public static class StandardTransitions
{
    public static void Apply(StateMachine<string, string> machine, IReadOnlyList<string> phases, MachineInputs inputs)
    {
        foreach (var phase in phases)
        {
            machine.Configure(phase)
                .Permit(ProcedureTriggers.StepFailed, ProcedureStates.WaitingForOperator)
                .Permit(ProcedureTriggers.MaxWaitExceeded, ProcedureStates.WaitingForOperator)
                .CancelsOrDrains(inputs);
        }

        // A procedure waiting for an operator runs no step: a cancel ends it at once.
        var waiting = machine.Configure(ProcedureStates.WaitingForOperator)
            .Permit(ProcedureTriggers.OperatorCancel, ProcedureStates.Cancelled);
        machine.Configure(ProcedureStates.Cancelling)
            .Permit(ProcedureTriggers.StepReported, ProcedureStates.Cancelled);
        foreach (var phase in phases)
        {
            var resumeTo = phase;
            waiting.PermitIf(ProcedureTriggers.OperatorRetry, resumeTo, () => inputs.ResumeState == resumeTo, $"stopped in {resumeTo}");
            waiting.PermitIf(ProcedureTriggers.OperatorApprove, resumeTo, () => inputs.ResumeState == resumeTo, $"held before {resumeTo}");
            waiting.PermitIf(ProcedureTriggers.OperatorSkip, resumeTo, () => inputs.NextStepPhase == resumeTo, $"next step in {resumeTo}");
        }
    }

    /// <summary>
    /// <paramref name="trigger"/> (a cancel, or a suspension for a failover) ends the procedure in <paramref name="ended"/> at
    /// once when no step runs, else goes to <paramref name="draining"/> until the running step has reported.
    /// </summary>
    public static StateMachine<string, string>.StateConfiguration DrainsOn(
        this StateMachine<string, string>.StateConfiguration state, string trigger, string ended, string draining, MachineInputs inputs) =>
        state.PermitIf(trigger, ended, () => !inputs.StepRunning, "no step running")
            .PermitIf(trigger, draining, () => inputs.StepRunning, "a step is still running");

    /// <summary>The operator's cancel: <see cref="ProcedureStates.Cancelled"/> at once, or <see cref="ProcedureStates.Cancelling"/> while a step runs.</summary>
    public static StateMachine<string, string>.StateConfiguration CancelsOrDrains(
        this StateMachine<string, string>.StateConfiguration state, MachineInputs inputs) =>
        state.DrainsOn(ProcedureTriggers.OperatorCancel, ProcedureStates.Cancelled, ProcedureStates.Cancelling, inputs);

    /// <summary>Within a phase, a finished step moves on to the next step of the same phase.</summary>
    public static StateMachine<string, string>.StateConfiguration ContinueWithinPhase(
        this StateMachine<string, string>.StateConfiguration state, string phase, MachineInputs inputs) =>
        state.InternalTransitionIf(ProcedureTriggers.StepSucceeded, _ => inputs.NextStepPhase == phase, _ => { }, "more steps in this phase");

    /// <summary>
    /// The last step of a procedure whose steps may fall short of their purpose: Completed when all achieved it,
    /// CompletedWithWarnings when some only partly, Failed when one achieved none of it (the steps' outcomes decide).
    /// </summary>
    public static StateMachine<string, string>.StateConfiguration Finishes(
        this StateMachine<string, string>.StateConfiguration state, MachineInputs inputs, string purpose) =>
        state.PermitIf(ProcedureTriggers.StepSucceeded, ProcedureStates.Completed, () => inputs.FinishesAs(ProcedureStates.Completed), purpose)
            .PermitIf(ProcedureTriggers.StepSucceeded, ProcedureStates.CompletedWithWarnings, () => inputs.FinishesAs(ProcedureStates.CompletedWithWarnings), $"{purpose}, partly (warnings)")
            .PermitIf(ProcedureTriggers.StepSucceeded, ProcedureStates.Failed, () => inputs.FinishesAs(ProcedureStates.Failed), "purpose not achieved");
}
