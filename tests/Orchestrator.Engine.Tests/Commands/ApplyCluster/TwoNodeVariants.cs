using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Commands.ApplyCluster;

/// <summary>The definitions of <see cref="Testing.TwoNodeEdits"/>, parsed.</summary>
internal static class TwoNodeVariants
{
    public static ClusterDefinition Parse(string yaml) =>
        ClusterDefinitionParser.Parse(yaml).Definition ?? throw new InvalidOperationException("the variant does not parse");
}
