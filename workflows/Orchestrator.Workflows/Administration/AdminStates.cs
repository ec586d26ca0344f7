namespace Orchestrator.Workflows.Administration;

/// <summary>The phase every administration procedure ends with (its own phases come before).</summary>
public static class AdminStates
{
    /// <summary>Storing the next cluster definition the procedure carries (one step, <see cref="AdminStepActions.DefinitionStore"/>).</summary>
    public const string StoringDefinition = "StoringDefinition";
}
