namespace Orchestrator.Engine.Procedures;

/// <summary>States every procedure shares, beside its own working states.</summary>
public static class ProcedureStates
{
    /// <summary>A step failed past its retries or exceeded MAXWAIT; an operator retries or cancels.</summary>
    public const string WaitingForOperator = "WaitingForOperator";

    public const string Completed = "Completed";

    public const string Cancelled = "Cancelled";

    public static bool IsTerminal(string state) => state is Completed or Cancelled;
}
