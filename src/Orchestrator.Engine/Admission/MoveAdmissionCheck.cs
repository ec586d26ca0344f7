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
        var observation = await ObserveAsync(cluster, hierarchy, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads the situation of <paramref name="hierarchy"/> from the ports: one observation for one decision.</summary>
    public async Task<ClusterObservation> ObserveAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mirrorStates = new Dictionary<string, MirrorState>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in cluster.Nodes)
        {
            if (await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false))
            {
                up.Add(node.Name);
            }

            mirrorStates[node.Name] = await mirrors.GetMirrorStateAsync(node.Name, cancellationToken).ConfigureAwait(false);
        }

        var live = new List<CommunicationPath>();
        foreach (var path in cluster.Paths)
        {
            if (await paths.IsPathUpAsync(path.NodeA, path.NodeB, cancellationToken).ConfigureAwait(false))
            {
                live.Add(path);
            }
        }

        var now = time.GetUtcNow();
        var others = await OtherHierarchiesAsync(cluster, hierarchy, cancellationToken).ConfigureAwait(false);
        var failures = await FailuresAsync(cluster, hierarchy, now, cancellationToken).ConfigureAwait(false);
        return new ClusterObservation(up, live, mirrorStates, others, failures, now);
    }

    /// <summary>Where every other hierarchy is in service — or is being moved to by an active procedure (it will be there).</summary>
    private async Task<List<HierarchyPlacement>> OtherHierarchiesAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, CancellationToken cancellationToken)
    {
        static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        var where = (await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.Node is not null)
            .ToDictionary(p => p.Hierarchy, p => p.Node!, StringComparer.OrdinalIgnoreCase);
        var active = (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.TargetNode is not null && IsMove(p) && cluster.FindHierarchy(p.Hierarchy) is not null);
        foreach (var moving in active)
        {
            where[moving.Hierarchy] = moving.TargetNode!;
        }

        return where
            .Where(p => !Same(p.Key, hierarchy.Name))
            .Select(p => new HierarchyPlacement(p.Key, p.Value, cluster.FindHierarchy(p.Key)?.PrimaryNode ?? p.Value))
            .ToList();
    }

    /// <summary>The hierarchy's failovers within the anti-flapping block period: the failed node, when, and the latest acknowledgement.</summary>
    private async Task<List<NodeFailure>> FailuresAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = cluster.Settings.FailoverBlock;
        var failures = new List<NodeFailure>();
        if (period <= TimeSpan.Zero)
        {
            return failures;
        }

        var failovers = (await store.ListAsync(hierarchy.Name, 50, cancellationToken).ConfigureAwait(false))
            .Where(p => p.SourceNode is not null && now - p.CreatedAt < period && procedures.Get(p.Kind).Move == MoveKind.Failover);
        foreach (var failover in failovers)
        {
            var acknowledged = (await audit.ListAsync(new AuditQuery(ProcedureId: failover.Id), cancellationToken).ConfigureAwait(false))
                .Where(r => r.TriggerName == AcknowledgeProcedureHandler.Trigger)
                .Select(r => (DateTimeOffset?)r.At)
                .Max();
            failures.Add(new NodeFailure(failover.SourceNode!, failover.CreatedAt, failover.Id, acknowledged));
        }

        return failures;
    }

    private bool IsMove(ProcedureRecord procedure) => procedures.Get(procedure.Kind).Move is not null and not MoveKind.UpdateMove;
}
