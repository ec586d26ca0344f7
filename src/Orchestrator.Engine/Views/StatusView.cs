namespace Orchestrator.Engine.Views;

/// <summary>The cluster at a glance, with the public-folder owner list (S23, first owner first).</summary>
public sealed record StatusView(string Cluster, long DefinitionVersion, SettingsView Settings, IReadOnlyList<HierarchyStatusView> Hierarchies)
{
    public IReadOnlyList<string> PublicFolderOwners { get; init; } = [];
}
