using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Procedures;

/// <summary>States every procedure shares, beside its own working states.</summary>
public static class ProcedureStates
{
    /// <summary>A step failed past its retries or exceeded MAXWAIT; an operator retries or cancels.</summary>
    public const string WaitingForOperator = "WaitingForOperator";

    /// <summary>Every step ran and achieved its purpose.</summary>
    public const string Completed = "Completed";

    /// <summary>Every step ran, the procedure's purpose was achieved, but part of it fell short (e.g. users that failed to move, 28523).</summary>
    public const string CompletedWithWarnings = "CompletedWithWarnings";

    /// <summary>Every step ran, but the procedure's purpose was not achieved at all (e.g. none of the selected users moved).</summary>
    public const string Failed = "Failed";

    public const string Cancelled = "Cancelled";

    /// <summary>
    /// Cancelled while a step still ran: nothing new starts, but the procedure keeps its hierarchy (still active) until that
    /// step has reported; its worker then ends it <see cref="Cancelled"/> with the report in the same transaction.
    /// </summary>
    public const string Cancelling = "Cancelling";

    /// <summary>
    /// Suspended for a failover while a step still ran (a procedure that yields to one): as <see cref="Cancelling"/>, the
    /// hierarchy stays taken until the step has reported, then the procedure is suspended.
    /// </summary>
    public const string Suspending = "Suspending";

    /// <summary>Ended: the procedure no longer holds its hierarchy.</summary>
    public static bool IsTerminal(string state) => state is Completed or CompletedWithWarnings or Failed or Cancelled;

    /// <summary>Waiting for its running step to report before it ends (<see cref="Cancelling"/>) or is suspended (<see cref="Suspending"/>).</summary>
    public static bool IsDraining(string state) => state is Cancelling or Suspending;

    /// <summary>Ended with its purpose achieved (with or without warnings): what a caller waiting for a move may go on after.</summary>
    public static bool IsAchieved(string state) => state is Completed or CompletedWithWarnings;

    /// <summary>
    /// The end state a finished plan calls for, from its done steps' outcomes (<see cref="StepOutcome"/>; null = fully
    /// achieved): any step that achieved nothing of its purpose → <see cref="Failed"/>; else any partial → <see cref="CompletedWithWarnings"/>.
    /// </summary>
    public static string EndStateFor(IEnumerable<string?> stepOutcomes)
    {
        ArgumentNullException.ThrowIfNull(stepOutcomes);
        var outcomes = stepOutcomes.ToList();
        return outcomes.Contains(StepOutcome.NotAchieved) ? Failed
            : outcomes.Contains(StepOutcome.Partial) ? CompletedWithWarnings
            : Completed;
    }
}
