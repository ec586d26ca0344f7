using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Definitions;

/// <summary>The cluster definition now in force, parsed from its stored text.</summary>
public sealed class CurrentDefinition(IClusterDefinitionStore store, DataDirectory dataDirectory)
{
    public async Task<(ClusterDefinition Definition, long Version)> GetAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no cluster is defined in data directory {dataDirectory.Path}; run `orchestrator cluster apply FILE` first");
        var parsed = ClusterDefinitionParser.Parse(stored.Yaml);
        return parsed.Definition is { } d
            ? (d, stored.Version)
            : throw new BadInputException($"the stored cluster definition v{stored.Version} no longer parses ({parsed.Errors[0].Message}); re-apply a corrected file with `orchestrator cluster apply FILE`");
    }
}
