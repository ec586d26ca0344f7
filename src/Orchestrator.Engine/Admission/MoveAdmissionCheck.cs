using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Admission;

/// <summary>
/// Gathers, from the ports and the store, the situation every move is judged on (<see cref="ClusterObservation"/>) and
/// asks the Domain's one admission rule (<see cref="MoveAdmission"/>). The one place the situation is read: switchover,
/// failover, failback, approve, retry, the rolling update's moves and the first step of a move all come here.
/// </summary>
public sealed class MoveAdmissionCheck(
    CurrentDefinition definitions,
    IProcedureStore store, IAuditJournal audit, ProcedureCatalog procedures, INodeProbe nodes, IPathProbe paths, IMirrorProbe mirrors, TimeProvider time)
{
    /// <summary>Judges a move of <paramref name="hierarchy"/> from <paramref name="source"/> onto <paramref name="target"/> as things are now.</summary>
    public async Task<MoveVerdict> AdmitAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, MoveKind kind, string? source, string target, bool automatic,
        CancellationToken cancellationToken, long? procedureId = null)
    {
        var observation = await ObserveAsync(cluster, hierarchy, cancellationToken, source).ConfigureAwait(false);
        return MoveAdmission.Admit(observation.Move(cluster, hierarchy, kind, source, target, automatic, procedureId));
    }

    /// <summary>
    /// Before <c>procedures approve</c> or <c>retry</c>: while what remains of <paramref name="procedure"/> brings its
    /// hierarchy in service on its target, the move is judged again as things are now (a held failover as a resumed one,
    /// S28); not admitted is a refusal that changes nothing. Returns the verdict, or null when there is no move to judge.
    /// </summary>
    public async Task<MoveVerdict?> CheckResumeAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(steps);
        var definition = procedures.Get(procedure.Kind);
        if (definition.Move is not { } kind || definition.InServicePhase is not { } phase || procedure.TargetNode is not { } target
            || !steps.Any(s => s.Status != StepStatus.Done && s.Phase == phase))
        {
            return null;
        }

        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        if (cluster.FindHierarchy(procedure.Hierarchy) is not { } hierarchy)
        {
            return null;
        }

        var resumed = kind == MoveKind.Failover ? MoveKind.ResumedFailover : kind;
        var verdict = await AdmitAsync(cluster, hierarchy, resumed, procedure.SourceNode, target, automatic: false, cancellationToken, procedure.Id).ConfigureAwait(false);
        return verdict.IsAdmitted
            ? verdict
            : throw new BadInputException($"procedure #{procedure.Id} ({procedure.Kind} of {procedure.Hierarchy} to {target}) is not resumed: {verdict.Reason}");
    }

    /// <summary>
    /// Reads the situation of <paramref name="hierarchy"/> from the ports: one observation for one decision, of what the
    /// rule reads for it — the probe and mirror of each node the hierarchy can be on (and of <paramref name="source"/>,
    /// where it is now), every path that touches one of them — then the store set-based: placements and active
    /// procedures once, the hierarchy's recent failovers in one query and all their acknowledgements in one more.
    /// A node outside the hierarchy is never a target (membership is the rule's first check), so it is not probed.
    /// </summary>
    public async Task<ClusterObservation> ObserveAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, CancellationToken cancellationToken, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var concerned = hierarchy.Priorities.Select(p => p.Node).Append(source).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var observed = cluster.Nodes.Where(n => concerned.Contains(n.Name)).ToList();
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in observed)
        {
            if (await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false))
            {
                up.Add(node.Name);
            }
        }

        var mirrorStates = await MirrorsAsync(observed, cancellationToken).ConfigureAwait(false);
        var live = new List<CommunicationPath>();
        foreach (var path in cluster.Paths.Where(p => concerned.Contains(p.NodeA) || concerned.Contains(p.NodeB)))
        {
            if (await paths.IsPathUpAsync(path.NodeA, path.NodeB, cancellationToken).ConfigureAwait(false))
            {
                live.Add(path);
            }
        }

        var situation = await ReadAsync(cluster, up, live, mirrorStates, hierarchy.Name, cancellationToken).ConfigureAwait(false);
        return situation.For(hierarchy);
    }

    /// <summary>
    /// The situation of every hierarchy for one monitor round, from the round's own observation of the nodes
    /// (<paramref name="up"/>) and paths (<paramref name="live"/>): each node's mirror read once, placements and active
    /// procedures once, every hierarchy's recent failovers in one query and their acknowledgements in one more — so a
    /// storm of decisions costs no probe and no query per decision.
    /// </summary>
    public async Task<RoundObservation> ObserveRoundAsync(
        ClusterDefinition cluster, IReadOnlySet<string> up, IReadOnlyList<CommunicationPath> live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var mirrorStates = await MirrorsAsync(cluster.Nodes, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(cluster, up, live, mirrorStates, hierarchy: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, MirrorState>> MirrorsAsync(IEnumerable<NodeDefinition> observed, CancellationToken cancellationToken)
    {
        var mirrorStates = new Dictionary<string, MirrorState>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in observed)
        {
            mirrorStates[node.Name] = await mirrors.GetMirrorStateAsync(node.Name, cancellationToken).ConfigureAwait(false);
        }

        return mirrorStates;
    }

    /// <summary>The store's part of the situation; the failures of <paramref name="hierarchy"/> only, or of every hierarchy when null.</summary>
    private async Task<RoundObservation> ReadAsync(
        ClusterDefinition cluster, IReadOnlySet<string> up, IReadOnlyList<CommunicationPath> live, IReadOnlyDictionary<string, MirrorState> mirrorStates,
        string? hierarchy, CancellationToken cancellationToken)
    {
        var now = await store.ClockAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false); // the clock failovers and acknowledgements are dated by
        var where = await WhereAsync(cluster, cancellationToken).ConfigureAwait(false);
        var failures = await FailuresAsync(cluster, hierarchy, now, cancellationToken).ConfigureAwait(false);
        return new RoundObservation(cluster, up, live, mirrorStates, where, failures, now);
    }

    /// <summary>Where every hierarchy is in service — or is being moved to by an active procedure (it will be there).</summary>
    private async Task<Dictionary<string, string>> WhereAsync(ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        var where = (await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.Node is not null)
            .ToDictionary(p => p.Hierarchy, p => p.Node!, StringComparer.OrdinalIgnoreCase);
        var active = (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.TargetNode is not null && IsMove(p) && cluster.FindHierarchy(p.Hierarchy) is not null);
        foreach (var moving in active)
        {
            where[moving.Hierarchy] = moving.TargetNode!;
        }

        return where;
    }

    /// <summary>
    /// The failovers within the anti-flapping block period, by hierarchy: the failed node, when, and the latest
    /// acknowledgement — one query for the failovers, one for all their acknowledgements.
    /// </summary>
    private async Task<ILookup<string, NodeFailure>> FailuresAsync(ClusterDefinition cluster, string? hierarchy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = cluster.Settings.FailoverBlock;
        if (period <= TimeSpan.Zero)
        {
            return Array.Empty<(string, NodeFailure)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.OrdinalIgnoreCase);
        }

        var failovers = (await store.ListCreatedSinceAsync(hierarchy, now - period, cancellationToken).ConfigureAwait(false))
            .Where(p => p.SourceNode is not null && now - p.CreatedAt < period && procedures.Get(p.Kind).Move == MoveKind.Failover)
            .ToList();
        var acknowledged = failovers.Count == 0
            ? new Dictionary<long, DateTimeOffset>()
            : (await audit.ListByProceduresAsync(failovers.Select(f => f.Id).ToList(), AcknowledgeProcedureHandler.Trigger, cancellationToken).ConfigureAwait(false))
                .Where(r => r.ProcedureId is not null)
                .GroupBy(r => r.ProcedureId!.Value)
                .ToDictionary(g => g.Key, g => g.Max(r => r.At));
        return failovers.ToLookup(
            f => f.Hierarchy,
            f => new NodeFailure(f.SourceNode!, f.CreatedAt, f.Id, acknowledged.TryGetValue(f.Id, out var at) ? at : null),
            StringComparer.OrdinalIgnoreCase);
    }

    private bool IsMove(ProcedureRecord procedure) => procedures.Get(procedure.Kind).Move is not null and not MoveKind.UpdateMove;
}
