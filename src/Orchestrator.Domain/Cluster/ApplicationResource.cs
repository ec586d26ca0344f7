namespace Orchestrator.Domain.Cluster;

/// <summary>S5: the application (Exchange) resource at the top of a hierarchy: services in start order and the shares of S9.</summary>
public sealed record ApplicationResource(
    string Name,
    IReadOnlyList<ProtectedService> Services,
    IReadOnlyList<string> Shares,
    SourceLocation Location)
{
    /// <summary>
    /// S7: the optional Exchange services a default Exchange Server 2003 install has on every node (service names):
    /// IMAP4, POP3, the MTA stacks and Microsoft Search.
    /// </summary>
    public static IReadOnlyList<string> StandardOptionalServices { get; } = ["IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSSEARCH"];

    /// <summary>S7: the optional services installed on the hierarchy's nodes (the file's 'optional-services', else the standard set).</summary>
    public IReadOnlyList<string> OptionalServices { get; init; } = StandardOptionalServices;

    /// <summary>Where the name was written (null: at <c>Location</c>).</summary>
    public SourceLocation? NameLocation { get; init; }

    /// <summary>Where each optional service was written, in the order of <see cref="OptionalServices"/> (empty: at <c>Location</c>).</summary>
    public IReadOnlyList<SourceLocation> OptionalServiceLocations { get; init; } = [];

    /// <summary>S9: the file shares removed and restored with the hierarchy.</summary>
    public static IReadOnlyList<string> DefaultShares(string server) => ["Address", "Resources$", $"${server}.log"];

    /// <summary>
    /// S7: the installed optional services this hierarchy does not protect. The kit sets them to manual start on every node
    /// of the hierarchy, since a service running outside its control interferes with failover.
    /// </summary>
    public IReadOnlyList<string> UnprotectedOptionalServices() =>
        [.. OptionalServices.Where(o => !Services.Any(s => string.Equals(s.Name, o, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
