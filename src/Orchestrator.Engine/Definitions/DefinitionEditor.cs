using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;
using YamlDotNet.RepresentationModel;
using static Orchestrator.Engine.Definitions.DefinitionDocument;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Issue 16: the next definition text an administration command stores, made from the current one by editing the YAML document
/// structurally (comments are lost; key order and the rest of the document are kept; the result re-parses). Names compare
/// case-insensitively, as the parser's; an unknown hierarchy, node, service or dependency is a <see cref="BadInputException"/>
/// naming it and the known ones. The edits check only what they need to find their place: whether a change is allowed is the
/// Domain's administration rules' to say, before the edit.
/// </summary>
public static class DefinitionEditor
{
    /// <summary>S11: node <paramref name="node"/> (a node of the cluster) joins hierarchy <paramref name="hierarchy"/> at <paramref name="priority"/>.</summary>
    public static string AddPriority(string yaml, string hierarchy, string node, int priority)
    {
        var document = Load(yaml);
        var h = document.Hierarchy(hierarchy);
        var name = ClusterNode(document, node);
        var priorities = Get(h, "priorities") as YamlMappingNode;
        if (priorities is not null && PriorityKey(priorities, node) is { } existing)
            throw new BadInputException($"node {existing.Value} is already in hierarchy {hierarchy} (priority {priorities.Children[existing]}); change its priority instead");
        if (priorities is null)
        {
            priorities = new YamlMappingNode();
            SetBefore(h, "priorities", priorities, "switchback");
        }

        priorities.Add(name, HierarchyYamlWriter.Number(priority));
        return document.Save();
    }

    /// <summary>S12: node <paramref name="node"/> leaves hierarchy <paramref name="hierarchy"/>.</summary>
    public static string RemovePriority(string yaml, string hierarchy, string node)
    {
        var document = Load(yaml);
        var (priorities, key) = HierarchyNode(document, hierarchy, node);
        priorities.Children.Remove(key);
        return document.Save();
    }

    /// <summary>S6: node <paramref name="node"/> of hierarchy <paramref name="hierarchy"/> gets priority <paramref name="priority"/>.</summary>
    public static string SetPriority(string yaml, string hierarchy, string node, int priority)
    {
        var document = Load(yaml);
        var (priorities, key) = HierarchyNode(document, hierarchy, node);
        priorities.Children[key] = HierarchyYamlWriter.Number(priority);
        return document.Save();
    }

    /// <summary>S13: hierarchy <paramref name="hierarchy"/> leaves the definition.</summary>
    public static string RemoveHierarchy(string yaml, string hierarchy)
    {
        var document = Load(yaml);
        var h = document.Hierarchy(hierarchy);
        document.Hierarchies().Children.Remove(h);
        return document.Save();
    }

    /// <summary>S10: appends <paramref name="hierarchy"/>, written from its model, to the hierarchies.</summary>
    public static string AddHierarchy(string yaml, HierarchyDefinition hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var document = Load(yaml);
        if (Get(document.Root, "hierarchies") is not YamlSequenceNode)
            Set(document.Root, "hierarchies", new YamlSequenceNode());
        var all = document.Hierarchies();
        if (all.Children.OfType<YamlMappingNode>().FirstOrDefault(h => Matches(Text(h, "name"), hierarchy.Name)) is { } existing)
            throw new BadInputException($"hierarchy {Text(existing, "name")} is already in the cluster definition; choose another name or delete it first");
        all.Add(HierarchyYamlWriter.Write(hierarchy));
        return document.Save();
    }

    /// <summary>
    /// S14: the protected services of hierarchy <paramref name="hierarchy"/> become <paramref name="services"/>, in that start
    /// order; a service kept keeps its other keys (maxwait, real resource), a new one is written as '- name: X'.
    /// </summary>
    public static string SetServices(string yaml, string hierarchy, IReadOnlyList<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var document = Load(yaml);
        var h = document.Hierarchy(hierarchy);
        if (Get(h, "application") is not YamlMappingNode application)
            throw new BadInputException($"hierarchy {hierarchy} has no application in the cluster definition; fix it with `orchestrator cluster apply FILE`");
        if (services.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BadInputException($"service {twice.Key} is named twice for hierarchy {hierarchy}; name each service once");
        var current = (Get(application, "services") as YamlSequenceNode)?.Children ?? [];
        var next = new YamlSequenceNode(services.Select(s =>
            current.FirstOrDefault(item => Matches(ServiceName(item), s)) ?? new YamlMappingNode { { "name", s } }));
        SetBefore(application, "services", next, "shares");
        return document.Save();
    }

    /// <summary>S5: <paramref name="parent"/> depends on <paramref name="child"/> in hierarchy <paramref name="hierarchy"/> (the first explicit edit writes the implicit tree's edges out).</summary>
    public static string AddDependency(string yaml, string hierarchy, string parent, string child) =>
        EditDependencies(yaml, hierarchy, parent, child, add: true);

    /// <summary>S5: <paramref name="parent"/> no longer depends on <paramref name="child"/> in hierarchy <paramref name="hierarchy"/>.</summary>
    public static string RemoveDependency(string yaml, string hierarchy, string parent, string child) =>
        EditDependencies(yaml, hierarchy, parent, child, add: false);

    /// <summary>S30: sets cluster setting <paramref name="key"/> (e.g. "n-plus-1") to <paramref name="value"/>, adding 'settings' when there is none.</summary>
    public static string SetSetting(string yaml, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!ClusterDefinitionBuilder.SettingsKeys.Contains(key, StringComparer.Ordinal))
            throw new BadInputException($"setting {key} is not a cluster setting (the settings: {string.Join(", ", ClusterDefinitionBuilder.SettingsKeys)}); check the name");
        var document = Load(yaml);
        if (Get(document.Root, "settings") is not YamlMappingNode settings)
        {
            settings = new YamlMappingNode();
            SetBefore(document.Root, "settings", settings, "nodes", "paths", "hierarchies", "public-folder-owners");
        }

        Set(settings, key, new YamlScalarNode(value));
        return document.Save();
    }

    private static string EditDependencies(string yaml, string hierarchy, string parent, string child, bool add)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        var document = Load(yaml);
        var h = document.Hierarchy(hierarchy);
        var parsed = ClusterDefinitionParser.Parse(yaml);
        if (parsed.Definition?.FindHierarchy(hierarchy) is not { } model)
            throw new BadInputException($"the stored cluster definition does not parse ({parsed.Errors.FirstOrDefault()?.Message}); fix it with `orchestrator cluster apply FILE`");
        var tree = ResourceTree.Of(model);
        var verdict = add ? DependencyRule.Add(tree, parent, child) : DependencyRule.Remove(tree, parent, child);
        if (verdict.IsRefused)
            throw new BadInputException(string.Join("; ", verdict.Refusals.Select(r => r.Message)));
        string Named(string resource) => tree.Resources.First(r => Matches(r, resource));
        var edges = tree.Dependencies.Select(d => (d.Parent, d.Child)).ToList();
        if (add)
            edges.Add((Named(parent), Named(child)));
        else
            edges.RemoveAll(e => Matches(e.Parent, parent) && Matches(e.Child, child));
        SetBefore(h, "dependencies", HierarchyYamlWriter.Dependencies(edges), "priorities", "switchback");
        return document.Save();
    }

    private static string ClusterNode(DefinitionDocument document, string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var nodes = (Get(document.Root, "nodes") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().Select(n => Text(n, "name")).ToList() ?? [];
        return nodes.FirstOrDefault(n => Matches(n, node))
            ?? throw new BadInputException($"node {node} is not in the cluster definition (its nodes: {Known(nodes)}); check the name");
    }

    private static (YamlMappingNode Priorities, YamlScalarNode Key) HierarchyNode(DefinitionDocument document, string hierarchy, string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var h = document.Hierarchy(hierarchy);
        var priorities = Get(h, "priorities") as YamlMappingNode;
        return priorities is not null && PriorityKey(priorities, node) is { } key
            ? (priorities, key)
            : throw new BadInputException($"node {node} is not in hierarchy {hierarchy} (its nodes: {Known(priorities?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value) ?? [])}); check the name");
    }

    private static YamlScalarNode? PriorityKey(YamlMappingNode priorities, string node) =>
        priorities.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => Matches(k.Value, node));

    private static string? ServiceName(YamlNode item) => item switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlMappingNode map => Text(map, "name"),
        _ => null,
    };
}
