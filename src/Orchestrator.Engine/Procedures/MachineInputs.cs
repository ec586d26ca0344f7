namespace Orchestrator.Engine.Procedures;

/// <summary>
/// What the guards of a procedure's machine may look at. The engine fills it from the persisted
/// instance before firing; guards only read it (no I/O, no side effects).
/// </summary>
public sealed class MachineInputs
{
    /// <summary>The phase of the step that runs after the one that just succeeded; null when the plan is finished.</summary>
    public string? NextStepPhase { get; set; }

    /// <summary>The working state to return to when an operator retries.</summary>
    public string? ResumeState { get; set; }

    /// <summary>A step of the procedure is running now: a cancel or a suspension drains (waits for it to report) instead of ending at once.</summary>
    public bool StepRunning { get; set; }

    /// <summary>The end state the plan's step outcomes call for once it is finished (<see cref="ProcedureStates.EndStateFor"/>).</summary>
    public string EndState { get; set; } = ProcedureStates.Completed;

    /// <summary>Takes every value of <paramref name="other"/> (a machine configured once reads its inputs through one instance).</summary>
    public void CopyFrom(MachineInputs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        (NextStepPhase, ResumeState, StepRunning, EndState) = (other.NextStepPhase, other.ResumeState, other.StepRunning, other.EndState);
    }

    /// <summary>The plan is finished and its outcomes call for <paramref name="endState"/>.</summary>
    public bool FinishesAs(string endState) => NextStepPhase is null && EndState == endState;
}
