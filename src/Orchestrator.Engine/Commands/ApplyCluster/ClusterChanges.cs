using System.Globalization;
using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Issue 16: what `cluster apply` changes, in words, from the stored definition to the next one (none stored: the first
/// apply, where everything is a creation). Pure; the order is stable: hierarchies deleted, created (a rename is a delete plus
/// a create), then per kept hierarchy, in the file's order, nodes added and removed with their priorities, priority changes,
/// service lists, dependencies and the rest of the hierarchy; then settings, nodes and communication paths.
/// </summary>
public static class ClusterChanges
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static IReadOnlyList<string> Between(ClusterDefinition? stored, ClusterDefinition next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var changes = new List<string>();
        var before = stored?.Hierarchies ?? [];
        var created = next.Hierarchies.Where(h => stored?.FindHierarchy(h.Name) is null).ToList();
        if (stored is null)
        {
            changes.Add($"define cluster {next.Name} (first apply)");
        }
        else if (!Names.Equals(stored.Name, next.Name))
        {
            changes.Add($"rename cluster {stored.Name} to {next.Name}");
        }

        foreach (var gone in before.Where(h => next.FindHierarchy(h.Name) is null))
        {
            var renamedTo = created.FirstOrDefault(h => Names.Equals(h.Application.Name, gone.Application.Name));
            changes.Add(renamedTo is null
                ? $"delete hierarchy {gone.Name} (application {gone.Application.Name})"
                : $"delete hierarchy {gone.Name}: renamed to {renamedTo.Name} (a delete plus a create)");
        }

        foreach (var h in created)
        {
            var renamedFrom = before.FirstOrDefault(b => next.FindHierarchy(b.Name) is null && Names.Equals(b.Application.Name, h.Application.Name));
            changes.Add($"create hierarchy {h.Name} (application {h.Application.Name}) on {h.PrimaryNode}, nodes {Priorities(h)}"
                + (renamedFrom is null ? "" : $": renamed from {renamedFrom.Name}"));
        }

        foreach (var after in next.Hierarchies)
        {
            if (stored?.FindHierarchy(after.Name) is { } was)
            {
                Changed(was, after, changes);
            }
        }

        if (stored is not null)
        {
            Settings(stored.Settings, next.Settings, changes);
        }

        foreach (var node in next.Nodes.Where(n => stored?.FindNode(n.Name) is null))
        {
            changes.Add($"add node {node.Name}{(node.Address is { } a ? $" ({a})" : "")}{(node.Spare ? ", a spare" : "")}");
        }

        foreach (var node in (stored?.Nodes ?? []).Where(n => next.FindNode(n.Name) is null))
        {
            changes.Add($"remove node {node.Name}");
        }

        foreach (var node in next.Nodes)
        {
            if (stored?.FindNode(node.Name) is { } old && !string.Equals(old.Address, node.Address, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add($"change the address of node {node.Name} from {old.Address ?? "(none)"} to {node.Address ?? "(none)"}");
            }
        }

        var pathsBefore = (stored?.Paths ?? []).Select(Path).ToList();
        var pathsAfter = next.Paths.Select(Path).ToList();
        changes.AddRange(pathsAfter.Where(p => !pathsBefore.Contains(p, Names)).Select(p => $"add communication path {p}"));
        changes.AddRange(pathsBefore.Where(p => !pathsAfter.Contains(p, Names)).Select(p => $"remove communication path {p}"));
        return changes;
    }

    private static void Changed(HierarchyDefinition before, HierarchyDefinition after, List<string> changes)
    {
        var h = after.Name;
        foreach (var added in after.Priorities.Where(p => !before.Includes(p.Node)).OrderBy(p => p.Priority))
        {
            changes.Add($"extend hierarchy {h} to {added.Node} at priority {added.Priority}");
        }

        foreach (var removed in before.Priorities.Where(p => !after.Includes(p.Node)).OrderBy(p => p.Priority))
        {
            changes.Add($"unextend hierarchy {h} from {removed.Node} (priority {removed.Priority})");
        }

        foreach (var kept in after.Priorities.OrderBy(p => p.Priority))
        {
            if (before.PriorityOf(kept.Node) is { } was && was != kept.Priority)
            {
                changes.Add($"change the priority of {kept.Node} in hierarchy {h} from {was} to {kept.Priority}");
            }
        }

        Compare(changes, h, "services", before.Application.Services.Select(s => s.Name), after.Application.Services.Select(s => s.Name));
        foreach (var service in after.Application.Services)
        {
            if (before.Application.Services.FirstOrDefault(s => Names.Equals(s.Name, service.Name)) is { } was && was.MaxWaitSeconds != service.MaxWaitSeconds)
            {
                changes.Add($"change the max-wait of service {service.Name} of hierarchy {h} from {Seconds(was.MaxWaitSeconds)} to {Seconds(service.MaxWaitSeconds)}");
            }
        }

        Compare(changes, h, "optional services", before.Application.OptionalServices, after.Application.OptionalServices);
        var edgesBefore = ResourceTree.Of(before).Dependencies.Select(d => $"{d.Parent} -> {d.Child}").ToList();
        var edgesAfter = ResourceTree.Of(after).Dependencies.Select(d => $"{d.Parent} -> {d.Child}").ToList();
        changes.AddRange(edgesAfter.Where(e => !edgesBefore.Contains(e, Names)).Select(e => $"add dependency {e} in hierarchy {h}"));
        changes.AddRange(edgesBefore.Where(e => !edgesAfter.Contains(e, Names)).Select(e => $"remove dependency {e} in hierarchy {h}"));
        Compare(changes, h, "application", [before.Application.Name], [after.Application.Name]);
        Compare(changes, h, "shares", before.Application.Shares, after.Application.Shares);
        Compare(changes, h, "volumes", before.Volumes.Select(v => $"{v.Name} ({v.Role})"), after.Volumes.Select(v => $"{v.Name} ({v.Role})"));
        Compare(changes, h, "ip", before.Address is { } a ? [a.Address] : [], after.Address is { } b ? [b.Address] : []);
        Compare(changes, h, "dns", before.Dns.Select(d => $"{d.Type} {d.Name}"), after.Dns.Select(d => $"{d.Type} {d.Name}"));
        Compare(changes, h, "mode", [before.Mode], [after.Mode]);
        Compare(changes, h, "switchback", [before.Switchback?.ToString() ?? "(cluster's)"], [after.Switchback?.ToString() ?? "(cluster's)"]);
        Compare(changes, h, "replicated", [Text(before.Replicated)], [Text(after.Replicated)]);
    }

    private static void Settings(ClusterSettings before, ClusterSettings after, List<string> changes)
    {
        Setting("maxwait", before.MaxWaitSeconds, after.MaxWaitSeconds);
        Setting("update-replica-list", Text(before.UpdateReplicaList), Text(after.UpdateReplicaList));
        Setting("automatic-failover", Text(before.AutomaticFailover), Text(after.AutomaticFailover));
        Setting("switchback", before.Switchback, after.Switchback);
        Setting("n-plus-1", Text(before.NPlusOne), Text(after.NPlusOne));
        Setting("monitor-interval", before.MonitorIntervalSeconds, after.MonitorIntervalSeconds);
        Setting("failure-threshold", before.FailureThreshold, after.FailureThreshold);
        Setting("failback-stabilisation", before.FailbackStabilisationSeconds, after.FailbackStabilisationSeconds);
        Setting("failover-block", before.FailoverBlockSeconds, after.FailoverBlockSeconds);
        Setting("replica-batch-size", before.ReplicaBatchSize, after.ReplicaBatchSize);
        Setting("replica-parallelism", before.ReplicaParallelism, after.ReplicaParallelism);
        Setting("health-timeout-ms", before.HealthTimeoutMilliseconds?.ToString(CultureInfo.InvariantCulture) ?? "(derived)", after.HealthTimeoutMilliseconds?.ToString(CultureInfo.InvariantCulture) ?? "(derived)");

        void Setting<T>(string key, T was, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"change setting {key} from {was} to {now}"));
            }
        }
    }

    private static void Compare(List<string> changes, string hierarchy, string what, IEnumerable<string> before, IEnumerable<string> after)
    {
        var (was, now) = (before.ToList(), after.ToList());
        if (!was.SequenceEqual(now, Names))
        {
            changes.Add($"change the {what} of hierarchy {hierarchy} from {List(was)} to {List(now)}");
        }
    }

    private static string Priorities(HierarchyDefinition h) =>
        string.Join(", ", h.Priorities.OrderBy(p => p.Priority).Select(p => $"{p.Node} ({p.Priority.ToString(CultureInfo.InvariantCulture)})"));

    private static string Path(CommunicationPath p) =>
        string.Compare(p.NodeA, p.NodeB, StringComparison.OrdinalIgnoreCase) <= 0 ? $"{p.NodeA}-{p.NodeB} ({p.Kind})" : $"{p.NodeB}-{p.NodeA} ({p.Kind})";

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : string.Join(", ", items);

    private static string Seconds(int? seconds) => seconds is { } s ? s.ToString(CultureInfo.InvariantCulture) + " s" : "(the cluster's)";

    private static string Text(bool value) => value ? "true" : "false";
}
