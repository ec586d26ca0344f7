namespace Orchestrator.Domain.Cluster;

/// <summary>
/// Issue 14: how the orchestrator reaches a node's agent: one URL per communication path of the node (in the order of the
/// file's 'paths'), and the path of the file that holds the shared token (its content is never read into the definition).
/// </summary>
public sealed record NodeAgent(IReadOnlyList<string> Urls, string TokenFile, SourceLocation Location)
{
    /// <summary>Where 'token-file' was written (the location a refusal of the file points at).</summary>
    public SourceLocation TokenFileLocation { get; init; } = SourceLocation.Unknown;
}
