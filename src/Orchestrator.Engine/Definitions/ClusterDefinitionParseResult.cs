using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>The outcome of reading a cluster definition: the definition when there are no errors, otherwise every error found.</summary>
public sealed record ClusterDefinitionParseResult(ClusterDefinition? Definition, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Definition is not null && Errors.Count == 0;
}
