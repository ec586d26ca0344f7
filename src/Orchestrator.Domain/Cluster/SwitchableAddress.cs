namespace Orchestrator.Domain.Cluster;

/// <summary>
/// S21: the switchable IP address clients use on the same subnet (<paramref name="Address"/> without its prefix length). It
/// moves only to a node whose subnet holds it; clients of a node in another subnet follow the hierarchy's DNS records.
/// </summary>
public sealed record SwitchableAddress(string Address, SourceLocation Location)
{
    /// <summary>The prefix length written after a '/' ("10.0.0.100/24"); null when none was written (the default, see <see cref="Subnet"/>).</summary>
    public int? PrefixLength { get; init; }

    /// <summary>How the file wrote it: the address, and the prefix length when one was written.</summary>
    public override string ToString() => PrefixLength is { } p ? $"{Address}/{p}" : Address;

    /// <summary>Issue 14: the real resource behind the address on an agents cluster; null when the file gives none.</summary>
    public RealResource? Real { get; init; }
}
