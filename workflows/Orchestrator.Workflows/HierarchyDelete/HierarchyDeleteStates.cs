using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>The phases of deleting a hierarchy (S13).</summary>
public static class HierarchyDeleteStates
{
    /// <summary>The world forgets the hierarchy (its resources stay as they are).</summary>
    public const string Deleting = "Deleting";

    public static readonly IReadOnlyList<string> Phases = [Deleting, AdminStates.StoringDefinition];
}
