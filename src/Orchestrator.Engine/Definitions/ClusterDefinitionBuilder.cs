using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Turns the YAML tree of a cluster definition into a <see cref="ClusterDefinition"/>, keeping the position of
/// every element. Best effort: elements that cannot be read are reported and left out, so that the rest can
/// still be validated and every error reported at once.
/// </summary>
internal static class ClusterDefinitionBuilder
{
    private static readonly string[] RootKeys = ["cluster", "settings", "nodes", "paths", "hierarchies", "public-folder-owners", "environment"];
    internal static readonly string[] SettingsKeys = ["maxwait", "update-replica-list", "automatic-failover", "switchback", "n-plus-1",
        "monitor-interval", "failure-threshold", "failback-stabilisation", "failover-block", "replica-batch-size", "replica-parallelism",
        "health-timeout-ms"];
    private static readonly string[] NodeKeys = ["name", "address", "spare", "routing-group", "agent", "fence"];
    private static readonly string[] PathKeys = ["between", "kind"];

    public static ClusterDefinition? Build(YamlTree? root, DefinitionErrors errors)
    {
        if (root is null or YamlScalar { Value: null })
        {
            errors.AddMissing(root?.Location ?? new SourceLocation(1, 1), "The cluster definition is empty.",
                "Write the cluster definition: 'cluster', 'nodes', 'paths' and 'hierarchies' (see workflows/samples/two-node.yaml).");
            return null;
        }
        var f = YamlFields.Open(root, _ => "the cluster definition", errors, RootKeys);
        if (f is null)
            return null;

        var name = f.Text("cluster", "Add 'cluster: <name>' at the top of the file.") ?? "";
        var settings = ReadSettings(f, errors);
        var nodes = f.List("nodes", "Add a 'nodes' list, one '- name: <server>' entry per node.")
            .Select((item, i) => ReadNode(item, i, errors)).OfType<NodeDefinition>().ToList();
        var paths = f.List("paths").Select((item, i) => ReadPath(item, i, errors)).OfType<CommunicationPath>().ToList();
        var hierarchies = f.List("hierarchies", "Add a 'hierarchies' list with at least one hierarchy.")
            .Select((item, i) => HierarchyBuilder.Read(item, i, errors)).OfType<HierarchyDefinition>().ToList();
        var owners = f.List("public-folder-owners").Select(item => ReadOwner(item, errors)).OfType<PublicFolderOwner>().ToList();
        return new ClusterDefinition(name, settings, nodes, paths, hierarchies, f.Location)
        {
            NameLocation = f.ValueLocation("cluster"), PublicFolderOwners = owners, Environment = ReadEnvironment(f, errors), EnvironmentLocation = f.Get("environment")?.Location ?? f.Location,
        };
    }

    private static ClusterSettings ReadSettings(YamlFields root, DefinitionErrors errors)
    {
        var defaults = ClusterSettings.Defaults;
        if (root.Get("settings") is null or YamlScalar { Value: null })
            return defaults;
        if (root.Map("settings") is not { } map || YamlFields.Open(map, _ => "settings", errors, SettingsKeys) is not { } f)
            return defaults;

        return new ClusterSettings(
            f.Int("maxwait", "900") ?? defaults.MaxWaitSeconds,
            f.Bool("update-replica-list") ?? defaults.UpdateReplicaList,
            f.Bool("automatic-failover") ?? defaults.AutomaticFailover,
            ReadSwitchback(f, errors) ?? defaults.Switchback,
            f.Bool("n-plus-1") ?? defaults.NPlusOne,
            f.Location,
            f.Int("monitor-interval", "5") ?? defaults.MonitorIntervalSeconds,
            f.Int("failure-threshold", "3") ?? defaults.FailureThreshold,
            f.Int("failback-stabilisation", "300") ?? defaults.FailbackStabilisationSeconds,
            f.Int("failover-block", "3600") ?? defaults.FailoverBlockSeconds)
        {
            UpdateReplicaListDeclared = f.Get("update-replica-list") is not null,
            ReplicaBatchSize = f.Int("replica-batch-size", "500") ?? defaults.ReplicaBatchSize,
            ReplicaParallelism = f.Int("replica-parallelism", "4") ?? defaults.ReplicaParallelism,
            HealthTimeoutMilliseconds = f.Int("health-timeout-ms", "2000"),
            KeyLocations = f.ValueLocations(),
        };
    }

    /// <summary>Issue 14: 'environment: simulated' (the default) or 'environment: agents'.</summary>
    private static ClusterEnvironment ReadEnvironment(YamlFields f, DefinitionErrors errors)
    {
        var text = f.Text("environment");
        if (text is null || string.Equals(text, "simulated", StringComparison.OrdinalIgnoreCase))
            return ClusterEnvironment.Simulated;
        if (string.Equals(text, "agents", StringComparison.OrdinalIgnoreCase))
            return ClusterEnvironment.Agents;
        errors.Add(f.Get("environment")!.Location, $"'environment' of the cluster definition must be simulated or agents, not {FileText.Quote(text)}.",
            "Write 'environment: simulated' (the simulated world) or 'environment: agents' (real nodes, each with an 'agent').");
        return ClusterEnvironment.Simulated;
    }

    internal static SwitchbackType? ReadSwitchback(YamlFields f, DefinitionErrors errors)
    {
        var text = f.Text("switchback");
        if (text is null)
            return null;
        if (string.Equals(text, "intelligent", StringComparison.OrdinalIgnoreCase))
            return SwitchbackType.Intelligent;
        if (string.Equals(text, "automatic", StringComparison.OrdinalIgnoreCase))
            return SwitchbackType.Automatic;
        errors.Add(f.Get("switchback")!.Location, $"'switchback' of {f.What} must be intelligent or automatic, not {FileText.Quote(text)}.",
            "Write 'switchback: intelligent' (stay on the backup until an operator moves it back) or 'switchback: automatic' (S20).");
        return null;
    }

    private static NodeDefinition? ReadNode(YamlTree item, int index, DefinitionErrors errors)
    {
        var f = YamlFields.Open(item, n => n is null ? $"node #{index + 1}" : $"node {FileText.Quote(n)}", errors, NodeKeys);
        if (f is null)
            return null;
        var name = f.Text("name", "Give the node its server name: 'name: <server>'.") ?? "";
        var address = f.AddressWithPrefix("address");
        return new NodeDefinition(name, address?.Address, f.Bool("spare") ?? false, f.Location)
        {
            PrefixLength = address?.PrefixLength,
            NameLocation = f.ValueLocation("name"),
            AddressLocation = f.ValueLocation("address"),
            RoutingGroupLocation = f.ValueLocation("routing-group"),
            RoutingGroup = f.Get("routing-group") is null ? null : f.Text("routing-group") ?? "",
            Agent = f.Get("agent") is null ? null : RealResourceReader.ReadAgent(f, errors),
            FenceScript = RealResourceReader.ReadFence(f, errors),
        };
    }

    /// <summary>S23: one server of the public-folder owner list, written as its node name.</summary>
    private static PublicFolderOwner? ReadOwner(YamlTree item, DefinitionErrors errors)
    {
        if (item is YamlScalar { Value: { } node })
            return new PublicFolderOwner(node, item.Location);
        errors.Add(item.Location, $"Each entry of 'public-folder-owners' must be a node name, not a {item.Kind}.",
            "Write the owner list as node names, first owner first, e.g. 'public-folder-owners: [node1, node2]'.");
        return null;
    }

    private static CommunicationPath? ReadPath(YamlTree item, int index, DefinitionErrors errors)
    {
        var f = YamlFields.Open(item, _ => $"path #{index + 1}", errors, PathKeys);
        if (f is null)
            return null;
        var kind = f.Text("kind") ?? "tcp";
        var between = f.List("between", "Name the two nodes the path connects: 'between: [node1, node2]'.");
        if (f.Get("between") is not YamlList)
            return null;
        var ends = between.OfType<YamlScalar>().Select(s => s.Value).OfType<string>().ToList();
        if (ends.Count != 2 || between.Count != 2)
        {
            errors.Add(f.Get("between")!.Location, $"'between' of {f.What} must name exactly two nodes, not {between.Count} item(s).",
                "Write 'between: [node1, node2]'; add one path per pair of nodes.");
            return null;
        }
        return new CommunicationPath(ends[0], ends[1], kind, f.Location) { EndLocations = (between[0].Location, between[1].Location) };
    }
}
