namespace Orchestrator.Environment.Ports;

/// <summary>
/// One node's resources as read at one moment (<see cref="INodeResourceProbe"/>). An object the environment does not
/// know is answered as such: asking about it throws with the environment's words, so only the hierarchies that use it
/// are affected.
/// </summary>
public sealed class NodeResources(
    string node,
    IReadOnlyDictionary<string, ServiceState> services,
    IReadOnlySet<string> mountedVolumes,
    IReadOnlySet<string> ownedAddresses,
    IReadOnlySet<string> dnsPointingHere,
    IReadOnlyDictionary<string, string> unknown)
{
    public string Node { get; } = node;

    /// <summary>
    /// Whether an answer may change with time alone: a service still <see cref="ServiceState.Starting"/> becomes running at
    /// its own moment (what an <see cref="IObservationMark"/> does not cover).
    /// </summary>
    public bool ChangesWithTime { get; } = services.Values.Any(state => state == ServiceState.Starting);

    /// <summary>The state of the service on the node (stopped when the node has never run it).</summary>
    public ServiceState StateOf(string service) =>
        services.TryGetValue(Known("service", service), out var state) ? state : ServiceState.Stopped;

    public bool IsMounted(string volume) => mountedVolumes.Contains(Known("volume", volume));

    public bool Owns(string address) => ownedAddresses.Contains(Known("address", address));

    public bool IsPointedAt(DnsRecordName record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return dnsPointingHere.Contains(Known("DNS record", record.ToString()));
    }

    /// <summary>The key an unknown object is recorded under: its kind and name, e.g. "volume P".</summary>
    public static string KeyOf(string kind, string name) => $"{kind} {name}";

    private string Known(string kind, string name) =>
        unknown.Count > 0 && unknown.TryGetValue(KeyOf(kind, name), out var problem) ? throw new EnvironmentException(problem, transient: false) : name;
}
