using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The text cannot be read as YAML at <see cref="Location"/> (a syntax error, or nesting deeper than
/// <see cref="YamlTreeReader.MaxDepth"/>): reported alone, since nothing after it can be trusted.
/// </summary>
internal sealed class DefinitionSyntaxException(SourceLocation location, string message, string fix) : Exception(message)
{
    public SourceLocation Location { get; } = location;

    public string Fix { get; } = fix;
}
