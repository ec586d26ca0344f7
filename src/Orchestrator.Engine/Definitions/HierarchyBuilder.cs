using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>Reads one entry of 'hierarchies': the application with its services and shares, volumes, address, DNS and priorities.</summary>
internal static class HierarchyBuilder
{
    private static readonly string[] HierarchyKeys = ["name", "mode", "application", "volumes", "ip", "dns", "priorities", "switchback", "storage", "dependencies"];
    private static readonly string[] ApplicationKeys = ["name", "services", "shares", "optional-services"];
    private static readonly string[] ServiceKeys = ["name", "maxwait", .. RealResourceReader.ServiceKeys, .. RealResourceReader.ScriptKeys];
    private static readonly string[] VolumeKeys = ["name", "role", .. RealResourceReader.VolumeKeys, .. RealResourceReader.ScriptKeys];
    private static readonly string[] DnsKeys = ["type", "name", .. RealResourceReader.DnsKeys, .. RealResourceReader.ScriptKeys];
    private static readonly string[] AddressKeys = ["address", .. RealResourceReader.IpKeys, .. RealResourceReader.ScriptKeys];

    public static HierarchyDefinition? Read(YamlTree item, int index, DefinitionErrors errors)
    {
        var f = YamlFields.Open(item, n => n is null ? $"hierarchy #{index + 1}" : $"hierarchy {FileText.Quote(n)}", errors, HierarchyKeys);
        if (f is null)
            return null;
        var name = f.Text("name", "Give the hierarchy a name: 'name: exch1'.") ?? "";
        var mode = f.Text("mode") ?? HierarchyDefinition.ActiveStandby;
        var application = ReadApplication(f, errors);
        var volumes = f.List("volumes").Select((v, i) => ReadVolume(v, i, f.What, errors)).OfType<VolumeResource>().ToList();
        var ip = ReadAddress(f, errors);
        var dns = f.List("dns").Select((r, i) => ReadDns(r, i, f.What, errors)).OfType<DnsRecord>().ToList();
        var priorities = ReadPriorities(f, errors);
        var switchback = ClusterDefinitionBuilder.ReadSwitchback(f, errors);
        var read = new HierarchyDefinition(name, mode, application, volumes, ip, dns, priorities, f.Location, switchback)
        {
            Replicated = ReadStorage(f, errors), NameLocation = f.ValueLocation("name"), ModeLocation = f.ValueLocation("mode"),
        };
        return read with { Dependencies = DependencyReader.Read(f, read, errors) };
    }

    /// <summary>
    /// S21: 'ip: 10.0.0.100/24', or (issue 14, an agents cluster) a mapping with the 'address' and its real resource:
    /// 'interface', or 'script' with 'params'.
    /// </summary>
    private static SwitchableAddress? ReadAddress(YamlFields hierarchy, DefinitionErrors errors)
    {
        if (hierarchy.Get("ip") is not YamlMap map)
            return hierarchy.AddressWithPrefix("ip") is { } plain ? new SwitchableAddress(plain.Address, hierarchy.Get("ip")!.Location) { PrefixLength = plain.PrefixLength } : null;
        if (YamlFields.Open(map, _ => $"the ip of {hierarchy.What}", errors, AddressKeys) is not { } f)
            return null;
        if (f.AddressWithPrefix("address") is not { } address)
        {
            errors.AddMissing(f.Location, $"The ip of {hierarchy.What} is missing the required key 'address'.", "Write the switchable address: 'address: 198.18.0.100/24'.");
            return null;
        }

        return new SwitchableAddress(address.Address, f.Get("address")!.Location)
        {
            PrefixLength = address.PrefixLength, Real = RealResourceReader.Read(f, RealResource.Ip, RealResourceReader.IpKeys, errors),
        };
    }

    /// <summary>S2: 'storage: shared' (the default) or 'storage: replicated' (mirrored volumes, S27).</summary>
    private static bool ReadStorage(YamlFields f, DefinitionErrors errors)
    {
        var text = f.Text("storage");
        if (text is null || string.Equals(text, "shared", StringComparison.OrdinalIgnoreCase))
            return false;
        if (string.Equals(text, "replicated", StringComparison.OrdinalIgnoreCase))
            return true;
        errors.Add(f.Get("storage")!.Location, $"'storage' of {f.What} must be shared or replicated, not {FileText.Quote(text)}.",
            "Write 'storage: shared' (one disk both nodes reach) or 'storage: replicated' (volumes mirrored between the nodes).");
        return false;
    }

    private static ApplicationResource ReadApplication(YamlFields hierarchy, DefinitionErrors errors)
    {
        var map = hierarchy.Map("application", "Add 'application:' with the Exchange virtual server 'name' and its 'services'.");
        var f = map is null ? null : YamlFields.Open(map, _ => $"the application of {hierarchy.What}", errors, ApplicationKeys);
        if (f is null)
            return new ApplicationResource("", [], [], hierarchy.Location);

        var name = f.Text("name", "Set 'name:' to the Exchange virtual server name, e.g. EXCH1.") ?? "";
        var services = f.List("services", "List the protected services in start order under 'services:', e.g. '- name: MSExchangeIS'.")
            .Select((s, i) => ReadService(s, i, hierarchy.What, errors)).OfType<ProtectedService>().ToList();
        var shares = f.Get("shares") is null or YamlScalar { Value: null }
            ? ApplicationResource.DefaultShares(name)
            : f.List("shares").Select(s => ReadName(s, f.What, errors, "share", "shares: [Address, Resources$]")).OfType<string>().ToList();
        var optionalItems = f.Get("optional-services") is null ? null
            : f.List("optional-services").Select(s => (Name: ReadName(s, f.What, errors, "optional service", "optional-services: [IMAP4Svc, POP3Svc]"), s.Location))
                .Where(s => s.Name is not null).ToList();
        return new ApplicationResource(name, services, shares, f.Location)
        {
            OptionalServices = optionalItems?.Select(s => s.Name!).ToList() ?? ApplicationResource.StandardOptionalServices,
            OptionalServiceLocations = optionalItems?.Select(s => s.Location).ToList() ?? [], NameLocation = f.ValueLocation("name"),
        };
    }

    private static ProtectedService? ReadService(YamlTree item, int index, string hierarchy, DefinitionErrors errors)
    {
        if (item is YamlScalar { Value: { } shorthand })
            return new ProtectedService(shorthand, null, item.Location);
        var f = YamlFields.Open(item, n => $"service {(n is null ? $"#{index + 1}" : FileText.Quote(n))} of {hierarchy}", errors, ServiceKeys);
        if (f is null)
            return null;
        var name = f.Text("name", "Give the service its service name (not its display name), e.g. 'name: MSExchangeIS'.") ?? "";
        return new ProtectedService(name, f.Int("maxwait", "1200"), f.Location)
        {
            Real = RealResourceReader.Read(f, RealResource.Service, RealResourceReader.ServiceKeys, errors),
            NameLocation = f.ValueLocation("name"), MaxWaitLocation = f.ValueLocation("maxwait"),
        };
    }

    /// <summary>One name of a list of names (a share, an optional service).</summary>
    private static string? ReadName(YamlTree item, string application, DefinitionErrors errors, string what, string example)
    {
        if (item is YamlScalar { Value: { } share })
            return share;
        errors.Add(item.Location, $"Each {what} of {application} must be a name, not a {item.Kind}.", $"Write them as names, e.g. '{example}'.");
        return null;
    }

    private static VolumeResource? ReadVolume(YamlTree item, int index, string hierarchy, DefinitionErrors errors)
    {
        var f = YamlFields.Open(item, n => $"volume {(n is null ? $"#{index + 1}" : FileText.Quote(n))} of {hierarchy}", errors, VolumeKeys);
        if (f is null)
            return null;
        var name = f.Text("name", "Give the volume its drive letter or name, e.g. 'name: E'.");
        var real = RealResourceReader.Read(f, RealResource.Volume, RealResourceReader.VolumeKeys, errors);
        return name is null ? null : new VolumeResource(name, f.Text("role") ?? "other", f.Location) { Real = real, RoleLocation = f.ValueLocation("role") };
    }

    private static DnsRecord? ReadDns(YamlTree item, int index, string hierarchy, DefinitionErrors errors)
    {
        var f = YamlFields.Open(item, n => $"DNS record {(n is null ? $"#{index + 1}" : FileText.Quote(n))} of {hierarchy}", errors, DnsKeys);
        if (f is null)
            return null;
        var type = f.Text("type", "Set 'type: A' or 'type: PTR'.");
        var name = f.Text("name", "Set 'name:' to the host name of the record, e.g. mail.example.com.");
        var real = RealResourceReader.Read(f, RealResource.Dns, RealResourceReader.DnsKeys, errors);
        return type is null || name is null ? null : new DnsRecord(type, name, f.Location) { Real = real, TypeLocation = f.ValueLocation("type") };
    }

    private static IReadOnlyList<NodePriority> ReadPriorities(YamlFields hierarchy, DefinitionErrors errors)
    {
        var map = hierarchy.Map("priorities", "Add 'priorities:' with one 'node: number' line per node, the primary at 1 (e.g. node1: 1, node2: 10).");
        if (map is null)
            return [];
        var result = new List<NodePriority>();
        foreach (var (key, value) in map.Entries)
        {
            var node = key.Value!;
            if (result.Any(p => string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(key.Location, $"Node {FileText.Quote(node)} is listed twice in the priorities of {hierarchy.What}.",
                    "Keep one entry per node; a node has a single priority in a hierarchy.");
                continue;
            }
            if (value is YamlScalar { Value: { } text } && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                result.Add(new NodePriority(node, number, key.Location));
                continue;
            }
            var shown = value is YamlScalar { Value: { } s } ? FileText.Quote(s) : $"a {value.Kind}";
            errors.Add(value.Location, $"Priority of node {FileText.Quote(node)} in {hierarchy.What} must be a whole number from 1 to 999, not {shown}.",
                $"Write '{FileText.Escape(node)}: 10' (lower is preferred; 1 is the primary).");
        }
        return result;
    }
}
