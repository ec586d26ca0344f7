using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The outcome of reading a cluster definition: the definition when there are no errors, otherwise every error found;
/// the warnings (e.g. S6, no node at priority 1) either way — they do not refuse the definition.
/// </summary>
public sealed record ClusterDefinitionParseResult(ClusterDefinition? Definition, IReadOnlyList<ValidationError> Errors)
{
    public IReadOnlyList<ValidationError> Warnings { get; init; } = [];

    public bool Succeeded => Definition is not null && Errors.Count == 0;
}
