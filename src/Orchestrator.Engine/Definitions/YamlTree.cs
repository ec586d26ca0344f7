using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Definitions;

/// <summary>A YAML node with the position where it was written (a minimal tree that keeps duplicate keys).</summary>
internal abstract record YamlTree(SourceLocation Location)
{
    public abstract string Kind { get; }
}

internal sealed record YamlScalar(string? Value, SourceLocation Location) : YamlTree(Location)
{
    public override string Kind => Value is null ? "empty value" : "value";
}

internal sealed record YamlList(IReadOnlyList<YamlTree> Items, SourceLocation Location) : YamlTree(Location)
{
    public override string Kind => "list";
}

/// <summary>A mapping in document order; unlike a dictionary it keeps repeated keys so they can be reported.</summary>
internal sealed record YamlMap(IReadOnlyList<KeyValuePair<YamlScalar, YamlTree>> Entries, SourceLocation Location) : YamlTree(Location)
{
    public override string Kind => "mapping";
}
