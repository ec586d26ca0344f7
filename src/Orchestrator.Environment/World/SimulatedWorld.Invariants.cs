using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// What the invariant checks need from the state as it was before an effect's body ran: the hierarchies the effect
    /// can bring in or out of service (<see cref="AffectedHierarchies"/>: only those are checked), those of them
    /// already active on several nodes (so a split is recorded once, when it happens) or in service, and the takeovers
    /// the effect commits from a node that is down but not fenced (after the body the dead node no longer holds what
    /// was taken).
    /// </summary>
    private sealed record InvariantBaseline(
        List<HierarchyRecord> Affected, HashSet<string> SplitHierarchies, List<string> UnfencedTakeovers, HashSet<string> InService);

    private static InvariantBaseline InvariantsBefore(WorldState state, EffectKind kind, NodeRecord node, string target, DateTimeOffset now)
    {
        var takeovers = kind switch
        {
            EffectKind.VolumeMount => VolumeTakeover(state, node, target),
            EffectKind.AddressAcquire => AddressTakeover(state, node, target),
            EffectKind.ServiceStart => StartBesideUnfencedHolder(state, node, target),
            _ => [],
        };
        var affected = AffectedHierarchies(state, kind, node, target);
        var byName = StringComparer.OrdinalIgnoreCase;
        var active = affected.ToDictionary(h => h.Name, h => ActiveNodes(state, h, now).Count, byName);
        return new InvariantBaseline(
            affected,
            active.Where(a => a.Value > 1).Select(a => a.Key).ToHashSet(byName),
            takeovers,
            active.Where(a => a.Value > 0).Select(a => a.Key).ToHashSet(byName));
    }

    /// <summary>
    /// The hierarchies whose activity (<see cref="ActiveNodes"/>: node up, volumes mounted, services running) an effect
    /// of this kind can change: those of the service started or stopped, of the volume mounted or unmounted, and for a
    /// fence, shutdown or boot every hierarchy of the node (its volumes, its services, its priority list); found
    /// through indexes, never by reading every hierarchy. Other kinds change none.
    /// </summary>
    private static List<HierarchyRecord> AffectedHierarchies(WorldState state, EffectKind kind, NodeRecord node, string target)
    {
        IEnumerable<HierarchyRecord> affected = kind switch
        {
            EffectKind.ServiceStart or EffectKind.ServiceStop => state.HierarchiesWith(HierarchyMember.Service, target),
            EffectKind.VolumeMount or EffectKind.VolumeUnmount => state.HierarchiesWith(HierarchyMember.Volume, target),
            EffectKind.NodeFence or EffectKind.NodeShutdown or EffectKind.NodeBoot =>
                state.Volumes.WhereIndexed(node.Name, v => SameName(v.MountedOn, node.Name))
                    .SelectMany(v => state.HierarchiesWith(HierarchyMember.Volume, v.Name))
                    .Concat(node.Services.Keys.ToList().SelectMany(s => state.HierarchiesWith(HierarchyMember.Service, s)))
                    .Concat(state.HierarchiesWith(HierarchyMember.Node, node.Name)),
            _ => [],
        };
        return [.. affected.DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Records the violations an applied effect caused, each as one sentence, and counts them per invariant.</summary>
    private static void RecordViolations(
        WorldState state, InvariantBaseline before, EffectKind kind, NodeRecord node, string target, EffectKey key, DateTimeOffset now)
    {
        var cause = $"{kind} {node.Name}/{target}, key {key}";
        foreach (var sentence in before.UnfencedTakeovers)
        {
            Record(state, WorldInvariant.FenceBeforeTakeover, sentence, cause);
        }

        if (kind == EffectKind.VolumeMount && node.EffectiveMirror(now) is not (MirrorState.None or MirrorState.Mirroring))
        {
            Record(state, WorldInvariant.MoveWithoutMirroring, MountWithoutMirroring(state, node, target, now), cause);
        }

        TrackOutages(state, before.Affected, before.InService, cause, key.ToString(), now);
        foreach (var hierarchy in before.Affected.Where(h => !before.SplitHierarchies.Contains(h.Name)))
        {
            var active = ActiveNodes(state, hierarchy, now);
            if (active.Count > 1)
            {
                Record(state, WorldInvariant.SingleActiveNode, $"{hierarchy.Name} is in service on {string.Join(" and ", active)} at once", cause);
            }
        }
    }

    /// <summary>S27: the sentence for a volume mounted on a node while the mirror to that node was not mirroring.</summary>
    private static string MountWithoutMirroring(WorldState state, NodeRecord node, string volume, DateTimeOffset now)
    {
        var hierarchies = state.HierarchiesWith(HierarchyMember.Volume, volume)
            .Select(h => h.Name)
            .ToList();
        var of = hierarchies.Count == 0 ? "" : $" of {string.Join(", ", hierarchies)}";
        return $"volume {volume}{of} was mounted on {node.Name} while the mirror to {node.Name} was {node.EffectiveMirror(now)}, not mirroring";
    }

    /// <summary>Opens an outage when a hierarchy that was in service is in service nowhere after this effect, and closes it when it is back.</summary>
    private static void TrackOutages(
        WorldState state, List<HierarchyRecord> affected, HashSet<string> inServiceBefore, string cause, string key, DateTimeOffset now)
    {
        foreach (var hierarchy in affected)
        {
            var inService = ActiveNodes(state, hierarchy, now).Count > 0;
            var was = inServiceBefore.Contains(hierarchy.Name);
            if (was && !inService)
            {
                state.Outages.Add(new OutageRecord { Hierarchy = hierarchy.Name, StartedAt = now, StartedBy = cause, StartedByKey = key });
            }
            else if (!was && inService)
            {
                if (state.Outages.Latest(hierarchy.Name, o => o.Hierarchy) is { EndedAt: null } open)
                {
                    (open.EndedAt, open.EndedBy, open.EndedByKey) = (now, cause, key);
                }
            }
        }
    }

    private static void Record(WorldState state, WorldInvariant invariant, string sentence, string cause)
    {
        state.InvariantViolations.Add($"{invariant}: {sentence} ({cause}).");
        WorldCounters.Increment(state.Counters.Violations, invariant.ToString());
    }

    /// <summary>
    /// The nodes where the hierarchy is in service or being brought in service: up, every volume mounted there and
    /// every service running or starting there. A hierarchy with neither volumes nor services is active nowhere.
    /// The only candidate of a hierarchy with volumes is the node its first volume is mounted on (one row read); one
    /// without volumes is looked for on every node.
    /// </summary>
    private static List<string> ActiveNodes(WorldState state, HierarchyRecord hierarchy, DateTimeOffset now) =>
        hierarchy.Volumes.Count + hierarchy.Services.Count == 0
            ? []
            : [.. Candidates(state, hierarchy)
                .Where(n => n.Up && HoldsAll(state, hierarchy, n))
                .Select(n => n.Name)
                .Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Every volume of the hierarchy mounted on the node (rows read in one query) and every service running or starting
    /// there (<see cref="ServiceRecord.RunsOrStarts"/>: judged from the flag stored with each service row, in one query,
    /// without reading the rows).
    /// </summary>
    private static bool HoldsAll(WorldState state, HierarchyRecord hierarchy, NodeRecord node)
    {
        var volumes = state.Volumes.Preload(hierarchy.Volumes);
        return hierarchy.Volumes.All(v => volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, node.Name))
            && node.Services.All(hierarchy.Services, s => s.RunsOrStarts, SqliteWorldRows.RunsOrStarts);
    }

    private static IEnumerable<NodeRecord> Candidates(WorldState state, HierarchyRecord hierarchy)
    {
        if (hierarchy.Volumes.Count == 0)
        {
            return state.Nodes.Values;
        }

        return state.Volumes.TryGetValue(hierarchy.Volumes[0], out var first)
            && first.MountedOn is { } holder
            && state.Nodes.TryGetValue(holder, out var node)
                ? [node]
                : [];
    }

    private static List<string> VolumeTakeover(WorldState state, NodeRecord node, string volume)
    {
        var holder = UnfencedDeadHolder(state, node, WorldLookup.Volume(state, volume).MountedOn);
        return holder is null
            ? []
            : [$"volume {volume} was mounted on {node.Name} while {holder}, down and not fenced, still had it mounted"];
    }

    private static List<string> AddressTakeover(WorldState state, NodeRecord node, string address)
    {
        var holder = UnfencedDeadHolder(state, node, WorldLookup.Address(state, address).Owner);
        return holder is null
            ? []
            : [$"address {address} was acquired by {node.Name} while {holder}, down and not fenced, still owned it"];
    }

    /// <summary>
    /// A start of <paramref name="service"/> on <paramref name="node"/> for a hierarchy whose volumes are mounted there
    /// while another node, down and neither fenced nor stopped on purpose, still holds a volume or the address of that hierarchy.
    /// </summary>
    private static List<string> StartBesideUnfencedHolder(WorldState state, NodeRecord node, string service)
    {
        var sentences = new List<string>();
        var served = WorldLookup.HierarchiesRunning(state, service)
            .Where(h => h.Volumes.All(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, node.Name)));
        foreach (var hierarchy in served)
        {
            // The other nodes that hold a volume or the address of the hierarchy (by their rows), not every node.
            var holders = hierarchy.Volumes
                .Select(v => state.Volumes.TryGetValue(v, out var volume) ? volume.MountedOn : null)
                .Append(hierarchy.Address is { } a && state.Addresses.TryGetValue(a, out var owner) ? owner.Owner : null)
                .OfType<string>()
                .Where(h => !SameName(h, node.Name))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase);
            foreach (var dead in holders
                .Select(h => state.Nodes.TryGetValue(h, out var holder) ? holder : null)
                .OfType<NodeRecord>()
                .Where(n => !n.Up && !n.Fenced && !n.Stopped))
            {
                var held = hierarchy.Volumes
                    .Where(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, dead.Name))
                    .Select(v => $"volume {v}")
                    .ToList();
                if (hierarchy.Address is { } address
                    && state.Addresses.TryGetValue(address, out var owned)
                    && SameName(owned.Owner, dead.Name))
                {
                    held.Add($"address {address}");
                }

                if (held.Count > 0)
                {
                    sentences.Add($"service {service} of {hierarchy.Name} was started on {node.Name} while {dead.Name}, "
                        + $"down and not fenced, still held {string.Join(", ", held)}");
                }
            }
        }

        return sentences;
    }

    /// <summary>
    /// The holder when it is another node that is down and neither fenced nor stopped on purpose (S29: a planned
    /// shutdown leaves nothing that could still write); otherwise null.
    /// </summary>
    private static string? UnfencedDeadHolder(WorldState state, NodeRecord taker, string? holder) =>
        holder is not null
        && !SameName(holder, taker.Name)
        && state.Nodes.TryGetValue(holder, out var node)
        && !node.Up
        && !node.Fenced
        && !node.Stopped
            ? node.Name
            : null;
}
