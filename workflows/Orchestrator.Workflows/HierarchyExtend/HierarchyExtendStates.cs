using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>The phases of extending a hierarchy to a node (S11).</summary>
public static class HierarchyExtendStates
{
    /// <summary>On the new node: rename its storage groups and stores to the primary's names (only with --apply-renames).</summary>
    public const string RenamingStores = "RenamingStores";

    /// <summary>On the new node: check it again (path, names), then make it able to run the hierarchy.</summary>
    public const string Extending = "Extending";

    public static readonly IReadOnlyList<string> Phases = [RenamingStores, Extending, AdminStates.StoringDefinition];
}
