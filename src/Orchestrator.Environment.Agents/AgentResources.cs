using System.Globalization;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// What a port's name means on a real node: the <see cref="ResourceSpec"/> the agent runs for an address, a volume, a
/// service or a DNS record of the definition. A built-in kind gets the file's keys as parameters, plus what the port knows
/// (the address with its prefix length; the record's type, name and the node's address); a script gets its 'params' and, under
/// <see cref="ScriptParameter"/>, the OCF agent or path to run.
/// </summary>
public static class AgentResources
{
    /// <summary>The parameter that names a script resource's executable (<c>ocf:heartbeat:IPaddr2</c> or a path): the script kind's.</summary>
    public const string ScriptParameter = Node.Kinds.ScriptKind.AgentParameter;

    public static ResourceSpec Address(ClusterDefinition cluster, string address)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ip = cluster.Hierarchies.Select(h => h.Address).FirstOrDefault(a => a is not null && Same(a.Address, address))
            ?? throw Unknown("address", address);
        var prefix = ip.PrefixLength ?? Subnet.Of(ip.Address, null)?.PrefixLength ?? Subnet.DefaultIPv4PrefixLength;
        return Spec(ip.Real, RealResource.Ip, ip.Address, $"the ip {ip}", new()
        {
            ["address"] = string.Create(CultureInfo.InvariantCulture, $"{ip.Address}/{prefix}"), // the ip kind takes the address with its prefix length
        });
    }

    public static ResourceSpec Volume(ClusterDefinition cluster, string volume)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var found = cluster.Hierarchies.SelectMany(h => h.Volumes).FirstOrDefault(v => Same(v.Name, volume)) ?? throw Unknown("volume", volume);
        return Spec(found.Real, RealResource.Volume, found.Name, $"volume {found.Name}", []);
    }

    /// <summary>The service of a hierarchy that includes <paramref name="node"/> (the same service name may serve several hierarchies).</summary>
    public static ResourceSpec Service(ClusterDefinition cluster, string node, string service)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var found = cluster.Hierarchies.Where(h => h.Includes(node)).Concat(cluster.Hierarchies)
            .SelectMany(h => h.Application.Services).FirstOrDefault(s => Same(s.Name, service)) ?? throw Unknown("service", service);
        return Spec(found.Real, RealResource.Service, found.Name, $"service {found.Name}", []);
    }

    /// <summary>The record pointed at <paramref name="node"/>: its address is the one the record gets.</summary>
    public static ResourceSpec Dns(ClusterDefinition cluster, DnsRecordName record, NodeDefinition node)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(node);
        var found = cluster.Hierarchies.SelectMany(h => h.Dns).FirstOrDefault(r => Same(r.Type, record.Type) && Same(r.Name, record.Name))
            ?? throw Unknown("DNS record", record.ToString());
        return Spec(found.Real, RealResource.Dns, record.ToString(), $"DNS record {record}", new()
        {
            ["type"] = found.Type, ["name"] = found.Name, ["address"] = node.Address ?? "",
        });
    }

    private static ResourceSpec Spec(RealResource? real, string kind, string name, string what, Dictionary<string, string> known)
    {
        if (real is null)
            throw new EnvironmentException($"{what} has no real resource in the cluster definition; give it one (or 'script:') for environment: agents", transient: false);
        if (real.Kind == RealResource.ScriptKind)
            return new ResourceSpec(RealResource.ScriptKind, name, new Dictionary<string, string>(real.Parameters, StringComparer.Ordinal) { [ScriptParameter] = real.Script! });
        foreach (var (key, value) in real.Parameters)
            known[key] = value;
        return new ResourceSpec(kind, name, known);
    }

    private static EnvironmentException Unknown(string kind, string name) =>
        new($"{kind} {name} is not in the cluster definition", transient: false);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
