namespace Orchestrator.Environment.World;

/// <summary>What the world knows of a hierarchy: which services need which volumes, its shares, address and DNS records.</summary>
public sealed class HierarchyRecord
{
    public string Name { get; set; } = "";

    /// <summary>Nodes in priority order (best first); the first is the primary.</summary>
    public List<string> Nodes { get; set; } = [];

    public List<string> Volumes { get; set; } = [];

    /// <summary>Services in start order.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>S7: optional services installed on the hierarchy's nodes that it does not protect (set to manual start).</summary>
    public List<string> OptionalServices { get; set; } = [];

    public List<string> Shares { get; set; } = [];

    public string? Address { get; set; }

    /// <summary>DNS record keys, "{type} {name}".</summary>
    public List<string> DnsRecords { get; set; } = [];

    public HierarchyRecord Clone() => new()
    {
        Name = Name,
        Nodes = [.. Nodes],
        Volumes = [.. Volumes],
        Services = [.. Services],
        OptionalServices = [.. OptionalServices],
        Shares = [.. Shares],
        Address = Address,
        DnsRecords = [.. DnsRecords],
    };
}
