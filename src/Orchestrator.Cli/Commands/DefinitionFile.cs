using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// What `cluster validate` and `cluster apply` read of a definition file: its parse, its rules and the files it names
/// (<see cref="ClusterDefinitionParser.ParseFile"/>), then, for an agents cluster, its real resources against their
/// agents' meta-data on this host (<see cref="ResourceMetadataCheck"/>) — all before anything is written.
/// </summary>
internal static class DefinitionFile
{
    public static async Task<ClusterDefinitionParseResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var parsed = ClusterDefinitionParser.ParseFile(path);
        if (parsed.Definition is not { Environment: ClusterEnvironment.Agents } definition)
        {
            return parsed;
        }

        var found = await new ResourceMetadataCheck().CheckAsync(definition, cancellationToken).ConfigureAwait(false);
        return ClusterDefinitionParser.Include(parsed, found);
    }
}
