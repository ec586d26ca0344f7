namespace Orchestrator.Testing.Lab;

/// <summary>
/// The machines of a lab (<see cref="LabNetwork"/>): three cluster nodes, the DNS server and a client, each a network
/// namespace with one interface on the lab's bridge, and the host (last octet) of its address in the lab's /24.
/// </summary>
public static class LabNode
{
    public const string Node1 = "node1";
    public const string Node2 = "node2";
    public const string Node3 = "node3";
    public const string Dns = "dns";
    public const string Client = "client";

    /// <summary>Every machine of a lab, in the order they are created.</summary>
    public static IReadOnlyList<string> All { get; } = [Node1, Node2, Node3, Dns, Client];

    /// <summary>The last octet of <paramref name="node"/>'s lab address.</summary>
    public static byte Host(string node) => node switch
    {
        Node1 => 1,
        Node2 => 2,
        Node3 => 3,
        Dns => 53,
        Client => 100,
        _ => throw new ArgumentException($"'{node}' is not a lab machine (one of {string.Join(", ", All)})", nameof(node)),
    };
}
