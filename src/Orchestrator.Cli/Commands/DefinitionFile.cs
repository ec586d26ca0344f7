using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// What `cluster validate` and `cluster apply` read of a definition file: its parse, its rules and the files it names
/// (<see cref="DefinitionFileReader"/>, the reader the apply command's handler uses too), with an agents cluster's real
/// resources checked against their agents' meta-data on this host (<see cref="ResourceMetadataCheck"/>).
/// </summary>
internal static class DefinitionFile
{
    public static Task<ClusterDefinitionParseResult> ReadAsync(string path, CancellationToken cancellationToken) =>
        DefinitionFileReader.ReadAsync(path, new ResourceMetadataCheck(), cancellationToken);
}
