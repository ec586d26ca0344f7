namespace Orchestrator.Cli.Output;

/// <summary>`cluster validate --json`: the valid file's cluster, its node count, its hierarchies and its warnings.</summary>
public sealed record ValidatedDefinition(string File, string Cluster, int Nodes, IReadOnlyList<string> Hierarchies, IReadOnlyList<DefinitionWarning> Warnings);
