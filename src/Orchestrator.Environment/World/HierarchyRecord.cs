namespace Orchestrator.Environment.World;

/// <summary>What the world knows of a hierarchy: which services need which volumes, its shares, address and DNS records.</summary>
public sealed class HierarchyRecord
{
    public string Name { get; set; } = "";

    /// <summary>S10/S11: the application (Exchange virtual server) the hierarchy protects; null in worlds seeded before it was recorded (then the hierarchy's name).</summary>
    public string? Application { get; set; }

    /// <summary>Nodes in priority order (best first); the first is the primary.</summary>
    public List<string> Nodes { get; set; } = [];

    public List<string> Volumes { get; set; } = [];

    /// <summary>S10: each volume's role ("database", "logs", "smtp-queue", "other") by volume name; a volume absent here has its place in <see cref="Volumes"/> as role (database, logs, smtp-queue).</summary>
    public Dictionary<string, string> VolumeRoles { get; set; } = [];

    /// <summary>Services in start order.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>S7: optional services installed on the hierarchy's nodes that it does not protect (set to manual start).</summary>
    public List<string> OptionalServices { get; set; } = [];

    public List<string> Shares { get; set; } = [];

    public string? Address { get; set; }

    /// <summary>DNS record keys, "{type} {name}".</summary>
    public List<string> DnsRecords { get; set; } = [];

    /// <summary>The application the hierarchy protects (its own name when none was recorded).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ApplicationName => Application ?? Name;

    public HierarchyRecord Clone() => new()
    {
        Name = Name,
        Application = Application,
        Nodes = [.. Nodes],
        Volumes = [.. Volumes],
        VolumeRoles = new(VolumeRoles),
        Services = [.. Services],
        OptionalServices = [.. OptionalServices],
        Shares = [.. Shares],
        Address = Address,
        DnsRecords = [.. DnsRecords],
    };
}
