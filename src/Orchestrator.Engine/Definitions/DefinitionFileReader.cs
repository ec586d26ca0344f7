using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The one way a cluster definition file is read before it is validated or applied, by the CLI and by
/// <see cref="Commands.ApplyCluster.ApplyClusterHandler"/> alike: its parse, its rules and the files it names
/// (<see cref="ClusterDefinitionParser.ParseFile"/>), then the checks that need the world beyond the file
/// (<see cref="IDefinitionResourceCheck"/>) — all before anything is written.
/// </summary>
public static class DefinitionFileReader
{
    public static async Task<ClusterDefinitionParseResult> ReadAsync(string path, IDefinitionResourceCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var parsed = ClusterDefinitionParser.ParseFile(path);
        if (parsed.Definition is not { } definition)
        {
            return parsed;
        }

        var found = await check.CheckAsync(definition, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? parsed : ClusterDefinitionParser.Include(parsed, found);
    }
}
