using System.Globalization;
using Orchestrator.Domain.Cluster;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Writes a <see cref="HierarchyDefinition"/> as the YAML mapping <see cref="HierarchyBuilder"/> reads back into the same model:
/// name, mode, storage, application (name, optional services and shares when they are not the defaults, services with their
/// maxwait and real resource), volumes, ip, dns, priorities, switchback and the explicit dependencies.
/// </summary>
internal static class HierarchyYamlWriter
{
    public static YamlMappingNode Write(HierarchyDefinition h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var map = new YamlMappingNode { { "name", h.Name }, { "mode", h.Mode } };
        if (h.Replicated)
            map.Add("storage", "replicated");
        map.Add("application", Application(h.Application));
        if (h.Volumes.Count > 0)
            map.Add("volumes", new YamlSequenceNode(h.Volumes.Select(Volume)));
        if (h.Address is { } address)
            map.Add("ip", Address(address));
        if (h.Dns.Count > 0)
            map.Add("dns", new YamlSequenceNode(h.Dns.Select(Dns)));
        if (h.Dependencies.Count > 0)
            map.Add("dependencies", Dependencies(h.Dependencies.Select(d => (d.Parent, d.Child))));
        map.Add("priorities", Priorities(h.Priorities));
        if (h.Switchback is { } switchback)
            map.Add("switchback", switchback == SwitchbackType.Automatic ? "automatic" : "intelligent");
        return map;
    }

    public static YamlMappingNode Priorities(IEnumerable<NodePriority> priorities)
    {
        var map = new YamlMappingNode();
        foreach (var p in priorities)
            map.Add(p.Node, Number(p.Priority));
        return map;
    }

    public static YamlSequenceNode Dependencies(IEnumerable<(string Parent, string Child)> edges) =>
        new(edges.Select(e => (YamlNode)new YamlMappingNode { { "parent", e.Parent }, { "child", e.Child } }));

    public static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A service as '- name: X' with its maxwait (the form a new service of <c>services add</c> takes too).</summary>
    public static YamlMappingNode Service(ProtectedService service)
    {
        var map = new YamlMappingNode { { "name", service.Name } };
        if (service.MaxWaitSeconds is { } maxWait)
            map.Add("maxwait", Number(maxWait));
        AddReal(map, service.Real);
        return map;
    }

    private static YamlMappingNode Application(ApplicationResource application)
    {
        var map = new YamlMappingNode { { "name", application.Name } };
        if (!application.OptionalServices.SequenceEqual(ApplicationResource.StandardOptionalServices, StringComparer.Ordinal))
            map.Add("optional-services", Names(application.OptionalServices));
        map.Add("services", new YamlSequenceNode(application.Services.Select(s => (YamlNode)Service(s))));
        if (!application.Shares.SequenceEqual(ApplicationResource.DefaultShares(application.Name), StringComparer.Ordinal))
            map.Add("shares", Names(application.Shares));
        return map;
    }

    private static YamlSequenceNode Names(IEnumerable<string> names) =>
        new(names.Select(n => (YamlNode)new YamlScalarNode(n))) { Style = SequenceStyle.Flow };

    private static YamlMappingNode Volume(VolumeResource volume)
    {
        var map = new YamlMappingNode { { "name", volume.Name }, { "role", volume.Role } };
        AddReal(map, volume.Real);
        return map;
    }

    private static YamlNode Address(SwitchableAddress address)
    {
        if (address.Real is null)
            return new YamlScalarNode(address.ToString());
        var map = new YamlMappingNode { { "address", address.ToString() } };
        AddReal(map, address.Real);
        return map;
    }

    private static YamlMappingNode Dns(DnsRecord record)
    {
        var map = new YamlMappingNode { { "type", record.Type }, { "name", record.Name } };
        AddReal(map, record.Real);
        return map;
    }

    /// <summary>The real resource's keys beside the element's own: its built-in parameters, or 'script' with 'params'.</summary>
    private static void AddReal(YamlMappingNode map, RealResource? real)
    {
        if (real is null)
            return;
        if (real.Kind == RealResource.ScriptKind)
        {
            map.Add("script", real.Script ?? "");
            if (real.Parameters.Count > 0)
            {
                var parameters = new YamlMappingNode { Style = MappingStyle.Flow };
                foreach (var (key, value) in real.Parameters)
                    parameters.Add(key, value);
                map.Add("params", parameters);
            }

            return;
        }

        foreach (var (key, value) in real.Parameters)
            map.Add(key, value);
    }
}
