namespace Orchestrator.Domain.Cluster;

/// <summary>S5: the application (Exchange) resource at the top of a hierarchy: services in start order and the shares of S9.</summary>
public sealed record ApplicationResource(
    string Name,
    IReadOnlyList<ProtectedService> Services,
    IReadOnlyList<string> Shares,
    SourceLocation Location)
{
    /// <summary>S9: the file shares removed and restored with the hierarchy.</summary>
    public static IReadOnlyList<string> DefaultShares(string server) => ["Address", "Resources$", $"${server}.log"];
}
