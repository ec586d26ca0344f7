namespace Orchestrator.Cli.Output;

/// <summary>`cluster apply --json`: the stored version, whether it changed anything, its notes and the file's warnings.</summary>
public sealed record AppliedDefinition(string Cluster, long Version, bool Changed, long? Repeats, IReadOnlyList<string> Hierarchies, IReadOnlyList<string> Notes, IReadOnlyList<DefinitionWarning> Warnings);
