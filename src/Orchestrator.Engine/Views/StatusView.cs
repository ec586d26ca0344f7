namespace Orchestrator.Engine.Views;

/// <summary>The cluster at a glance.</summary>
public sealed record StatusView(string Cluster, long DefinitionVersion, SettingsView Settings, IReadOnlyList<HierarchyStatusView> Hierarchies);
