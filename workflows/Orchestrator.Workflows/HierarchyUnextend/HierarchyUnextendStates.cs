using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>The phases of unextending a hierarchy from a node (S12).</summary>
public static class HierarchyUnextendStates
{
    /// <summary>On the node: remove it from the hierarchy (the world refuses while the hierarchy is in service there).</summary>
    public const string Unextending = "Unextending";

    public static readonly IReadOnlyList<string> Phases = [Unextending, AdminStates.StoringDefinition];
}
