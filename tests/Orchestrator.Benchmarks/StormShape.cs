using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The size of a storm: <paramref name="Hierarchies"/> on <paramref name="Nodes"/> nodes (a quarter of them backup-only,
/// <see cref="ScaleDefinition"/>), <paramref name="Failed"/> primaries failed at once; <paramref name="WarmUp"/>
/// hierarchies the warm-up switches over and back (none of them on a failed node).
/// </summary>
internal sealed record StormShape(int Hierarchies, int Nodes, int Failed, int WarmUp)
{
    /// <summary>Issue 13's storm: 200 hierarchies on 20 nodes, 5 failed at once.</summary>
    public static StormShape Full { get; } = new(200, 20, 5, 8);

    /// <summary>--quick: a small storm that checks the harness works.</summary>
    public static StormShape Quick { get; } = new(40, 8, 2, 4);

    public int Backups => Nodes / 4;

    /// <summary>The hierarchies on a failed primary, each with its backup node's name.</summary>
    public IReadOnlyDictionary<string, string> Affected() =>
        Enumerable.Range(0, Hierarchies)
            .Where(h => ScaleDefinition.PrimaryOf(h, Nodes, Backups) <= Failed)
            .ToDictionary(ScaleDefinition.HierarchyName, h => ScaleDefinition.NodeName(ScaleDefinition.BackupOf(h, Nodes, Backups)), StringComparer.OrdinalIgnoreCase);

    /// <summary>The warm-up's hierarchies (primary not failed), with their primary and backup nodes.</summary>
    public IReadOnlyList<(string Hierarchy, string Primary, string Backup)> WarmUpHierarchies() =>
        Enumerable.Range(0, Hierarchies)
            .Where(h => ScaleDefinition.PrimaryOf(h, Nodes, Backups) > Failed)
            .Take(WarmUp)
            .Select(h => (ScaleDefinition.HierarchyName(h), ScaleDefinition.NodeName(ScaleDefinition.PrimaryOf(h, Nodes, Backups)), ScaleDefinition.NodeName(ScaleDefinition.BackupOf(h, Nodes, Backups))))
            .ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hierarchies}/{Nodes}/{Failed}");
}
