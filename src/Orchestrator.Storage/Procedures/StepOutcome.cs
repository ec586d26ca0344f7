namespace Orchestrator.Storage.Procedures;

/// <summary>
/// How far a done step achieved its purpose, when not fully (a null outcome means fully): the procedure's end state
/// follows from its steps' outcomes.
/// </summary>
public static class StepOutcome
{
    /// <summary>Part of the purpose was achieved (some users moved, some did not: message 28523).</summary>
    public const string Partial = "partial";

    /// <summary>None of the purpose was achieved (none of the selected users moved).</summary>
    public const string NotAchieved = "not-achieved";
}
