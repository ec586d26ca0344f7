using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// What the invariant checks need from the state as it was before an effect's body ran: the hierarchies already
    /// active on several nodes (so a split is recorded once, when it happens) and the takeovers the effect commits
    /// from a node that is down but not fenced (after the body the dead node no longer holds what was taken).
    /// </summary>
    private sealed record InvariantBaseline(HashSet<string> SplitHierarchies, List<string> UnfencedTakeovers, HashSet<string> InService);

    private static InvariantBaseline InvariantsBefore(WorldState state, EffectKind kind, NodeRecord node, string target, DateTimeOffset now)
    {
        var takeovers = kind switch
        {
            EffectKind.VolumeMount => VolumeTakeover(state, node, target),
            EffectKind.AddressAcquire => AddressTakeover(state, node, target),
            EffectKind.ServiceStart => StartBesideUnfencedHolder(state, node, target),
            _ => [],
        };
        var inService = state.Hierarchies.Values.Where(h => ActiveNodes(state, h, now).Count > 0).Select(h => h.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new InvariantBaseline(SplitHierarchies(state, now), takeovers, inService);
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

        TrackOutages(state, before.InService, cause, key.ToString(), now);
        foreach (var hierarchy in state.Hierarchies.Values.Where(h => !before.SplitHierarchies.Contains(h.Name)))
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
        var hierarchies = state.Hierarchies.Values
            .Where(h => h.Volumes.Contains(volume, StringComparer.OrdinalIgnoreCase))
            .Select(h => h.Name)
            .ToList();
        var of = hierarchies.Count == 0 ? "" : $" of {string.Join(", ", hierarchies)}";
        return $"volume {volume}{of} was mounted on {node.Name} while the mirror to {node.Name} was {node.EffectiveMirror(now)}, not mirroring";
    }

    /// <summary>Opens an outage when a hierarchy that was in service is in service nowhere after this effect, and closes it when it is back.</summary>
    private static void TrackOutages(WorldState state, HashSet<string> inServiceBefore, string cause, string key, DateTimeOffset now)
    {
        foreach (var hierarchy in state.Hierarchies.Values)
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

    private static HashSet<string> SplitHierarchies(WorldState state, DateTimeOffset now) =>
        state.Hierarchies.Values
            .Where(h => ActiveNodes(state, h, now).Count > 1)
            .Select(h => h.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The nodes where the hierarchy is in service or being brought in service: up, every volume mounted there and
    /// every service running or starting there. A hierarchy with neither volumes nor services is active nowhere.
    /// </summary>
    private static List<string> ActiveNodes(WorldState state, HierarchyRecord hierarchy, DateTimeOffset now) =>
        hierarchy.Volumes.Count + hierarchy.Services.Count == 0
            ? []
            : [.. state.Nodes.Values
                .Where(n => n.Up
                    && hierarchy.Volumes.All(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, n.Name))
                    && hierarchy.Services.All(s => n.Services.TryGetValue(s, out var service)
                        && service.EffectiveState(now) is ServiceState.Running or ServiceState.Starting))
                .Select(n => n.Name)
                .Order(StringComparer.OrdinalIgnoreCase)];

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
            foreach (var dead in state.Nodes.Values.Where(n => !n.Up && !n.Fenced && !n.Stopped && !SameName(n.Name, node.Name)))
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
