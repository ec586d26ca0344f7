using System.Net;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>
/// Checks a cluster definition against the rules of the recovery kit (S1-S10, S21, S23, S30) and the monitor's timing
/// settings. Pure: reports every problem found, each at the element that causes it, ordered by line then column; a
/// problem of <see cref="ValidationSeverity.Warning"/> severity is reported but does not refuse the definition.
/// </summary>
public static partial class ClusterValidator
{
    public const int MaxWaitLimitSeconds = 86400;

    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private static readonly string[] DnsTypes = ["A", "PTR"];
    private static readonly string[] VolumeRoles = ["database", "logs", "smtp-queue", "other"];

    public static IReadOnlyList<ValidationError> Validate(ClusterDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var errors = new List<ValidationError>();
        void Add(SourceLocation at, string message, string fix) => errors.Add(new ValidationError(at, message, fix));
        void Warn(SourceLocation at, string message, string fix) => errors.Add(new ValidationError(at, message, fix) { Severity = ValidationSeverity.Warning });

        if (string.IsNullOrWhiteSpace(d.Name))
            Add(d.Location, "The cluster has no name.", "Add 'cluster: <name>' at the top of the file.");
        else
            CheckName(d.NameLocation ?? d.Location, "The cluster name", d.Name, "cluster: exchange-two-node", Add);
        CheckSettings(d.Settings, d.Location, Add);
        CheckNodes(d, Add);
        CheckPaths(d, Add);
        CheckHierarchies(d, Add);
        CheckSharedResources(d, Add);
        CheckNPlusOne(d, Add);
        CheckActiveActive(d, Add);
        CheckPrimaryPriority(d, Warn);
        CheckSubnets(d, Add);
        CheckRouting(d, Add);
        CheckAgents(d, Add);

        return errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
    }

    private delegate void Report(SourceLocation at, string message, string fix);

    /// <summary>A name (or any text from the file) for a message: quoted, escaped and cut by <see cref="FileText.Quote"/>.</summary>
    private static string Q(string? name) => string.IsNullOrWhiteSpace(name) ? "(unnamed)" : FileText.Quote(name);

    /// <summary>
    /// <see cref="NameRule"/> for one name of the file; reports a name that breaks it (escaped and cut, never whole) and
    /// returns false, so the checks that would repeat the name are skipped.
    /// </summary>
    private static bool CheckName(SourceLocation at, string what, string name, string example, Report add)
    {
        if (NameRule.Problem(name) is not { } problem)
            return true;
        add(at, $"{what} {Q(name)} {problem}.", $"Write a name of {NameRule.Allowed}, e.g. '{example}'.");
        return false;
    }

    private static void CheckSettings(ClusterSettings s, SourceLocation clusterLocation, Report add)
    {
        SourceLocation At(string key) => s.At(key, clusterLocation);
        if (s.MaxWaitSeconds <= 0 || s.MaxWaitSeconds > MaxWaitLimitSeconds)
            add(At("maxwait"), $"The cluster MAXWAIT {s.MaxWaitSeconds} is outside 1-{MaxWaitLimitSeconds} seconds.",
                $"Set settings maxwait to a number of seconds from 1 to {MaxWaitLimitSeconds} (default {ClusterSettings.DefaultMaxWaitSeconds}).");
        CheckPositive(At, "monitor-interval", "monitor interval", s.MonitorIntervalSeconds, " seconds", ClusterSettings.DefaultMonitorIntervalSeconds, add);
        CheckPositive(At, "failure-threshold", "failure threshold", s.FailureThreshold, " consecutive failed checks", ClusterSettings.DefaultFailureThreshold, add);
        CheckPositive(At, "failback-stabilisation", "failback stabilisation time", s.FailbackStabilisationSeconds, " seconds", ClusterSettings.DefaultFailbackStabilisationSeconds, add);
        CheckPositive(At, "failover-block", "failover block period", s.FailoverBlockSeconds, " seconds", ClusterSettings.DefaultFailoverBlockSeconds, add);
        CheckPositive(At, "replica-batch-size", "replica-list batch size", s.ReplicaBatchSize, " public folders", ClusterSettings.DefaultReplicaBatchSize, add);
        CheckPositive(At, "replica-parallelism", "replica-list parallelism", s.ReplicaParallelism, " batches at once", ClusterSettings.DefaultReplicaParallelism, add);
        if (s.HealthTimeoutMilliseconds is { } healthTimeout)
            CheckPositive(At, "health-timeout-ms", "agent health timeout", healthTimeout, " milliseconds", ClusterSettings.DefaultHealthTimeoutMilliseconds, add);
        if (s.ReplicaParallelism > ClusterSettings.MaxReplicaParallelism)
            add(At("replica-parallelism"), $"The cluster replica-list parallelism (replica-parallelism) is {s.ReplicaParallelism}; at most {ClusterSettings.MaxReplicaParallelism} batches may run at once.",
                $"Set settings replica-parallelism to a number from 1 to {ClusterSettings.MaxReplicaParallelism} (default {ClusterSettings.DefaultReplicaParallelism}).");
    }

    private static void CheckPositive(Func<string, SourceLocation> at, string key, string what, int value, string unit, int defaultValue, Report add)
    {
        if (value <= 0)
            add(at(key), $"The cluster {what} ({key}) is {value}; it must be at least 1.",
                $"Set settings {key} to a whole number of at least 1{unit} (default {defaultValue}), or remove it to use the default.");
    }

    private static void CheckNodes(ClusterDefinition d, Report add)
    {
        if (d.Nodes.Count == 0)
            add(d.Location, "The cluster has no nodes.", "Add a 'nodes' list with at least one '- name: <server>' entry.");
        var seen = new HashSet<string>(Names);
        foreach (var n in d.Nodes)
        {
            if (string.IsNullOrWhiteSpace(n.Name))
                add(n.Location, "A node has no name.", "Give the node a 'name'.");
            else if (CheckName(n.NameLocation ?? n.Location, "Node name", n.Name, "name: node1", add) && !seen.Add(n.Name))
                add(n.Location, $"Node {Q(n.Name)} is defined twice.", "Remove or rename one of the two node entries; node names are unique.");
            if (n.Address is not null && !IPAddress.TryParse(n.Address, out _))
                add(n.AddressLocation ?? n.Location, $"Node {Q(n.Name)} has address {Q(n.Address)}, which is not an IP address.", "Write the node's address as an IP address, e.g. 10.0.0.11.");
            else if (n.Address is not null && n.Subnet is null)
                add(n.AddressLocation ?? n.Location, $"Node {Q(n.Name)} has address {Q($"{n.Address}/{n.PrefixLength}")}, whose prefix length is out of range.",
                    "Write the prefix length as a number from 0 to 32 (IPv4) or 128 (IPv6), e.g. 10.0.0.11/24; without one, /24 (IPv4) or /64 (IPv6) is assumed.");
        }
    }

    private static void CheckPaths(ClusterDefinition d, Report add)
    {
        var seen = new List<CommunicationPath>();
        foreach (var p in d.Paths)
        {
            foreach (var (end, at) in new[] { (p.NodeA, p.EndLocations?.A), (p.NodeB, p.EndLocations?.B) }.DistinctBy(e => e.Item1, Names))
                if (d.FindNode(end) is null)
                    add(at ?? p.Location, $"Communication path {Q(p.NodeA)}-{Q(p.NodeB)} names unknown node {Q(end)}.",
                        $"Use the name of a node listed under 'nodes', or add node {Q(end)} there.");
            if (Names.Equals(p.NodeA, p.NodeB))
                add(p.Location, $"Communication path from node {Q(p.NodeA)} to itself.", "A path connects two different nodes; name the other node in 'between'.");
            else if (d.Environment != ClusterEnvironment.Agents && seen.Any(s => s.Connects(p.NodeA, p.NodeB))) // issue 14: real paths, one per network
                add(p.Location, $"Communication path {Q(p.NodeA)}-{Q(p.NodeB)} is listed twice.", "Remove the duplicate 'paths' entry.");
            seen.Add(p);
        }
    }

    private static void CheckHierarchies(ClusterDefinition d, Report add)
    {
        var names = new HashSet<string>(Names);
        foreach (var h in d.Hierarchies)
        {
            var hn = Q(h.Name);
            if (string.IsNullOrWhiteSpace(h.Name))
                add(h.Location, "A hierarchy has no name.", "Give the hierarchy a 'name'.");
            else if (CheckName(h.NameLocation ?? h.Location, "Hierarchy name", h.Name, "name: exch1", add) && !names.Add(h.Name))
                add(h.Location, $"Hierarchy {hn} is defined twice.", "Remove or rename one of the two hierarchies; hierarchy names are unique.");
            if (!string.Equals(h.Mode, HierarchyDefinition.ActiveStandby, StringComparison.OrdinalIgnoreCase))
                add(h.ModeLocation ?? h.Location, $"Hierarchy {hn} has mode {Q(h.Mode)}; only active/standby is supported, active/active is refused (S3).",
                    "Set mode: active-standby (or remove the 'mode' key).");
            CheckApplication(h, add);
            CheckVolumesAndDns(h, add);
            CheckPriorities(d, h, add);
        }
    }

    private static void CheckApplication(HierarchyDefinition h, Report add)
    {
        var app = h.Application;
        if (string.IsNullOrWhiteSpace(app.Name))
            add(app.Location, $"The application of hierarchy {Q(h.Name)} has no name.", "Set application name to the Exchange virtual server name.");
        else
            CheckName(app.NameLocation ?? app.Location, $"The application name of hierarchy {Q(h.Name)}", app.Name, "name: EXCH1", add);
        if (app.Services.Count == 0)
            add(app.Location, $"Hierarchy {Q(h.Name)} protects no services.",
                "List the protected services under application services, in start order (e.g. RESvc, MSExchangeSA, MSExchangeIS, SMTPSVC, W3SVC).");
        var seen = new HashSet<string>(Names);
        foreach (var s in app.Services)
        {
            if (string.IsNullOrWhiteSpace(s.Name))
                add(s.Location, $"A service of hierarchy {Q(h.Name)} has no name.", "Give the service its service name, e.g. MSExchangeIS.");
            else if (s.Name.Any(char.IsWhiteSpace))
                add(s.Location, $"Service {Q(s.Name)} of hierarchy {Q(h.Name)} contains whitespace; it looks like a display name (S7).",
                    "Use the service name, not the display name: e.g. 'MSExchangeIS', not 'Microsoft Exchange Information Store'.");
            else if (CheckName(s.NameLocation ?? s.Location, $"A service name of hierarchy {Q(h.Name)}", s.Name, "name: MSExchangeIS", add) && !seen.Add(s.Name))
                add(s.Location, $"Service {Q(s.Name)} is listed twice in hierarchy {Q(h.Name)}.", "Remove the duplicate service entry; each service is started once.");
            if (s.MaxWaitSeconds is { } w && (w <= 0 || w > MaxWaitLimitSeconds))
                add(s.MaxWaitLocation ?? s.Location, $"Service {Q(s.Name)} of hierarchy {Q(h.Name)} has MAXWAIT {w}, outside 1-{MaxWaitLimitSeconds} seconds.",
                    $"Set the service's maxwait to a number of seconds from 1 to {MaxWaitLimitSeconds}, or remove it to use the cluster MAXWAIT.");
        }

        foreach (var (optional, i) in app.OptionalServices.Select((o, i) => (o, i)).Where(o => string.IsNullOrWhiteSpace(o.o) || o.o.Any(char.IsWhiteSpace) || !NameRule.IsValid(o.o)))
            add(i < app.OptionalServiceLocations.Count ? app.OptionalServiceLocations[i] : app.Location, $"Optional service {Q(optional)} of hierarchy {Q(h.Name)} is not a service name (S7).",
                "List the installed optional services by service name under application optional-services, e.g. [IMAP4Svc, POP3Svc].");
    }

    private static void CheckVolumesAndDns(HierarchyDefinition h, Report add)
    {
        var seen = new HashSet<string>(Names);
        foreach (var v in h.Volumes)
        {
            if (!seen.Add(v.Name))
                add(v.Location, $"Volume {Q(v.Name)} is listed twice in hierarchy {Q(h.Name)}.", "Remove the duplicate volume entry.");
            if (!VolumeRoles.Contains(v.Role, Names))
                add(v.RoleLocation ?? v.Location, $"Volume {Q(v.Name)} of hierarchy {Q(h.Name)} has unknown role {Q(v.Role)}.", $"Set role to one of: {string.Join(", ", VolumeRoles)}.");
        }
        if (h.Address is { } ip && !IPAddress.TryParse(ip.Address, out _))
            add(ip.Location, $"Switchable address {Q(ip.Address)} of hierarchy {Q(h.Name)} is not an IP address.", "Write the switchable address as an IP address, e.g. 10.0.0.100.");
        else if (h.Address is { } withPrefix && Subnet.Of(withPrefix.Address, withPrefix.PrefixLength) is null)
            add(withPrefix.Location, $"Switchable address {Q(withPrefix.ToString())} of hierarchy {Q(h.Name)} has a prefix length out of range.",
                "Write the prefix length as a number from 0 to 32 (IPv4) or 128 (IPv6), e.g. 10.0.0.100/24; without one, /24 (IPv4) or /64 (IPv6) is assumed.");
        foreach (var r in h.Dns)
            if (!DnsTypes.Contains(r.Type, Names))
                add(r.TypeLocation ?? r.Location, $"DNS record {Q(r.Name)} of hierarchy {Q(h.Name)} has type {Q(r.Type)}; only A and PTR records are managed (S21).",
                    "Set the record type to A or PTR.");
    }

    private static void CheckPriorities(ClusterDefinition d, HierarchyDefinition h, Report add)
    {
        var hn = Q(h.Name);
        if (h.Priorities.Count == 0)
            add(h.Location, $"Hierarchy {hn} has no priorities.", "Add 'priorities' with the primary node at 1 and each backup at an unused number, e.g. node1: 1, node2: 10.");
        var nodes = new HashSet<string>(Names);
        var numbers = new HashSet<int>();
        var members = new List<NodePriority>();
        foreach (var p in h.Priorities)
        {
            var known = d.FindNode(p.Node) is not null;
            if (!known)
                add(p.Location, $"Priority of hierarchy {hn} names unknown node {Q(p.Node)}.", $"Use the name of a node listed under 'nodes', or add node {Q(p.Node)} there.");
            if (p.Priority < NodePriority.Min || p.Priority > NodePriority.Max)
                add(p.Location, $"Node {Q(p.Node)} has priority {p.Priority} in hierarchy {hn}, outside {NodePriority.Min}-{NodePriority.Max} (S6).",
                    $"Use a number from {NodePriority.Min} to {NodePriority.Max}; lower is preferred and 1 is the primary.");
            var firstTime = nodes.Add(p.Node);
            if (!firstTime)
                add(p.Location, $"Node {Q(p.Node)} is listed twice in the priorities of hierarchy {hn}.", "Keep one entry per node; a node has a single priority in a hierarchy.");
            else if (!numbers.Add(p.Priority))
                add(p.Location, $"Priority {p.Priority} is used twice in hierarchy {hn} (again by node {Q(p.Node)}).",
                    "Give each node an unused priority number (S6), e.g. 1 for the primary and 10, 20, ... for the backups.");
            if (firstTime && known)
            {
                foreach (var other in members.Where(m => !d.HasPath(m.Node, p.Node)))
                    add(p.Location, $"Nodes {Q(other.Node)} and {Q(p.Node)} share hierarchy {hn} but have no communication path between them (S1).",
                        $"Add a 'paths' entry between them: '- between: [{other.Node}, {p.Node}]'.");
                members.Add(p);
            }
        }
    }

    private static void CheckSharedResources(ClusterDefinition d, Report add)
    {
        var volumeOwner = new Dictionary<string, string>(Names);
        var addressOwner = new Dictionary<string, string>(Names);
        foreach (var h in d.Hierarchies)
        {
            foreach (var v in h.Volumes.DistinctBy(v => v.Name, Names))
                if (!volumeOwner.TryAdd(v.Name, h.Name) && !Names.Equals(volumeOwner[v.Name], h.Name))
                    add(v.Location, $"Volume {Q(v.Name)} of hierarchy {Q(h.Name)} is already part of hierarchy {Q(volumeOwner[v.Name])} (S10).",
                        "Give each hierarchy its own volumes; a volume belongs to one hierarchy only.");
            if (h.Address is { } ip && !addressOwner.TryAdd(ip.Address, h.Name) && !Names.Equals(addressOwner[ip.Address], h.Name))
                add(ip.Location, $"Switchable address {Q(ip.Address)} of hierarchy {Q(h.Name)} is already used by hierarchy {Q(addressOwner[ip.Address])}.",
                    "Give each hierarchy its own switchable IP address.");
        }
    }

    private static void CheckNPlusOne(ClusterDefinition d, Report add)
    {
        var spares = d.Nodes.Where(n => n.Spare).ToList();
        if (!d.Settings.NPlusOne)
        {
            foreach (var n in spares)
                add(n.Location, $"Node {Q(n.Name)} is marked spare, but the cluster is not N+1.",
                    "Remove 'spare: true' from the node, or set settings n-plus-1: true.");
            return;
        }
        var at = d.Settings.Location == SourceLocation.Unknown ? d.Location : d.Settings.Location;
        if (spares.Count == 0)
            add(at, "The cluster is N+1 but no node is marked spare (S4).", "Mark exactly one node 'spare: true' (the +1 standby node).");
        foreach (var n in spares.Skip(1))
            add(n.Location, $"Node {Q(n.Name)} is marked spare, but node {Q(spares[0].Name)} already is; an N+1 cluster has exactly one spare (S4).",
                "Keep 'spare: true' on one node only.");
        foreach (var h in d.Hierarchies)
            foreach (var p in h.Priorities.Where(p => p.Priority == 1 && spares.Any(s => Names.Equals(s.Name, p.Node))))
                add(p.Location, $"Spare node {Q(p.Node)} has priority 1 in hierarchy {Q(h.Name)}; the spare is a standby, never the primary (S4, S6).",
                    "Give priority 1 to a primary node and a backup priority (e.g. 10) to the spare.");
    }
}
