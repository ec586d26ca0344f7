namespace Orchestrator.Cli.Output;

/// <summary>
/// `cluster apply --json`: the stored version, whether it changed anything, its notes and the file's warnings; the plan's
/// changes in words and the S6 warnings --force overrode (issue 16).
/// </summary>
public sealed record AppliedDefinition(string Cluster, long Version, bool Changed, long? Repeats, IReadOnlyList<string> Hierarchies, IReadOnlyList<string> Notes, IReadOnlyList<DefinitionWarning> Warnings)
{
    public IReadOnlyList<string> Changes { get; init; } = [];

    public IReadOnlyList<string> Overridden { get; init; } = [];
}
