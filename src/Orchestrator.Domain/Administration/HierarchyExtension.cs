using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S11: extending <paramref name="Hierarchy"/> of <paramref name="Cluster"/> to <paramref name="Target"/> at
/// <paramref name="Priority"/> (null: the default, 10). <paramref name="PrimaryNames"/> and <paramref name="TargetNames"/> are
/// the database names read on the primary and on the target; null when not known (then no rename is computed: the procedure
/// reads them on the nodes).
/// </summary>
public sealed record HierarchyExtension(
    ClusterDefinition Cluster,
    HierarchyDefinition Hierarchy,
    string Target,
    int? Priority,
    StoreNames? PrimaryNames = null,
    StoreNames? TargetNames = null)
{
    /// <summary>S6: the priority a backup gets when none is given.</summary>
    public const int DefaultPriority = 10;
}
