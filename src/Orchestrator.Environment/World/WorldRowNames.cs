namespace Orchestrator.Environment.World;

/// <summary>
/// The names every row-backed world uses, whatever holds its rows (<see cref="SqliteWorldRows"/>, or the PostgreSQL
/// world's schema): one table per kind of entity, the two logs, and what a row's indexed column holds.
/// </summary>
internal static class WorldRowNames
{
    public const string Nodes = "world_nodes";
    public const string Services = "world_services";
    public const string Shares = "world_shares";
    public const string Volumes = "world_volumes";
    public const string Addresses = "world_addresses";
    public const string Dns = "world_dns_records";
    public const string Hierarchies = "world_hierarchies";
    public const string Users = "world_users";
    public const string QueueRoutes = "world_queue_routes";
    public const string RoutingGroups = "world_routing_groups";
    public const string OriginalRoutingGroups = "world_original_routing_groups";
    public const string DownPaths = "world_down_paths";
    public const string Settings = "world_settings";
    public const string Counters = "world_counters";
    public const string Violations = "world_violations";
    public const string Outages = "world_outages";

    /// <summary>A service row's indexed column: whether it runs or starts (<see cref="ServiceRecord.RunsOrStarts"/>).</summary>
    public const string RunsOrStarts = "runs";

    /// <summary>A service row's indexed column when it neither runs nor starts.</summary>
    public const string Idle = "idle";

    /// <summary>Every keyed table (the logs and the hierarchy members' index aside).</summary>
    public static readonly string[] Tables =
    [
        Nodes, Services, Shares, Volumes, Addresses, Dns, Hierarchies, Users, QueueRoutes, RoutingGroups, OriginalRoutingGroups,
        DownPaths, Settings, Counters,
    ];

    /// <summary>A row's indexed column: a volume's node, an address's owner, whether a service runs; null for the rest.</summary>
    public static string? IndexedOf<T>(T value) => value switch
    {
        VolumeRecord volume => volume.MountedOn,
        AddressRecord address => address.Owner,
        ServiceRecord service => service.RunsOrStarts ? RunsOrStarts : Idle,
        _ => null,
    };
}
