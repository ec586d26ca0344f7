using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyCreate;

/// <summary>The phases of creating a hierarchy (S10).</summary>
public static class HierarchyCreateStates
{
    /// <summary>On the node: check its Exchange data again, then record the hierarchy there.</summary>
    public const string Creating = "Creating";

    public static readonly IReadOnlyList<string> Phases = [Creating, AdminStates.StoringDefinition];
}
