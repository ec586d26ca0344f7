using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// Creates procedures that move a hierarchy: resolves and checks requests against the definition and the
/// environment, lays out the plan, commits instance + plan + audit in one transaction, then dispatches the
/// first step.
/// </summary>
public sealed class ProcedureLauncher(
    CurrentDefinition definitions,
    ProcedureCatalog procedures,
    IProcedureStore store,
    INodeProbe nodes,
    IStepDispatcher dispatcher,
    TimeProvider time)
{
    /// <summary>How often a request is planned again when another procedure moved the hierarchy while it was planned.</summary>
    public const int MaxPlanAttempts = 5;

    /// <summary>
    /// The hierarchy named in a request, or a refusal that lists the known ones: its placement, newest and active
    /// procedure in one read (a failover reads it this way too, since it may first suspend a procedure that yields).
    /// </summary>
    public async Task<HierarchyContext> ResolveAsync(string hierarchyName, CancellationToken cancellationToken)
    {
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var hierarchy = cluster.FindHierarchy(hierarchyName)
            ?? throw new BadInputException($"unknown hierarchy '{hierarchyName}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Hierarchies.Select(h => h.Name))}");
        var picture = await store.GetPictureAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false);
        return new HierarchyContext(cluster, version, hierarchy, picture.PlacedOn, picture.LastProcedureId, picture.Active);
    }

    /// <summary>
    /// <see cref="ResolveAsync"/> for a request that moves the hierarchy: another active procedure is refused first, naming
    /// it (exit 3) — before any check of the target or the placement, which that procedure is about to change.
    /// </summary>
    public async Task<HierarchyContext> ResolveForMoveAsync(string hierarchyName, CancellationToken cancellationToken)
    {
        var context = await ResolveAsync(hierarchyName, cancellationToken).ConfigureAwait(false);
        if (context.Active is { } active)
        {
            throw new ActiveProcedureConflictException(active.Hierarchy, active.Id, active.Kind, active.State);
        }

        return context;
    }

    /// <summary>
    /// Runs a request's resolve → check → plan → <see cref="LaunchAsync"/> again (up to <see cref="MaxPlanAttempts"/> times)
    /// when the creating transaction finds that another procedure moved the hierarchy after the request read it: the plan
    /// always comes from the state after the slot is taken.
    /// </summary>
    public static async Task<T> PlanFromCurrentStateAsync<T>(Func<Task<T>> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await request().ConfigureAwait(false);
            }
            catch (StalePlanException) when (attempt < MaxPlanAttempts)
            {
                // planned from a picture that no longer holds; nothing was created — read and plan again
            }
        }
    }

    /// <summary>The checks of an operator's move (S16): the target is a node of the hierarchy, up, reachable, and not where it already is.</summary>
    public async Task<string> CheckMoveTargetAsync(HierarchyContext context, string targetNode, CancellationToken cancellationToken)
    {
        var (cluster, hierarchy, source) = (context.Cluster, context.Hierarchy, context.PlacedOn);
        var target = cluster.FindNode(targetNode)
            ?? throw new BadInputException($"unknown node '{targetNode}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}");
        if (!hierarchy.Includes(target.Name))
        {
            throw new BadInputException($"node {target.Name} is not in hierarchy {hierarchy.Name} (its nodes: {string.Join(", ", hierarchy.Priorities.Select(p => p.Node))}); extend the hierarchy to {target.Name} first");
        }

        if (string.Equals(source, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"hierarchy {hierarchy.Name} is already in service on {target.Name}; choose another node");
        }

        if (source is not null && !cluster.HasPath(source, target.Name))
        {
            throw new BadInputException($"node {target.Name} is unreachable from {source}: no communication path between them; add one under `paths` and re-apply the definition");
        }

        if (!await nodes.IsUpAsync(target.Name, cancellationToken).ConfigureAwait(false))
        {
            throw new BadInputException($"node {target.Name} is down; restore it (`orchestrator world restore-node {target.Name}`) or choose another node");
        }

        return target.Name;
    }

    public async Task<ProcedureStarted> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var (context, target) = (request.Context, request.TargetNode);
        var definition = procedures.Get(request.Kind);
        var plan = request.Plan ?? definition.Plan(context.Cluster, context.Hierarchy, request.SourceNode ?? "", target);
        var initial = request.Plan is { Count: > 0 } given ? given[0].Phase : definition.InitialState;
        var hierarchyKey = request.HierarchyKey ?? context.Hierarchy.Name;
        var now = time.GetUtcNow();
        // A procedure keyed by its hierarchy is created only if the hierarchy is still as the plan saw it.
        var basis = string.Equals(hierarchyKey, context.Hierarchy.Name, StringComparison.Ordinal) ? context.Basis : null;
        var procedure = new NewProcedure(request.Kind, hierarchyKey, initial, request.SourceNode, target,
            request.Actor, request.Reason, context.DefinitionVersion, now, request.HoldReason, basis);
        var held = request.HoldReason is null ? "" : $"; held for an operator: {request.HoldReason}";
        var audit = new NewAuditEntry(now, null, request.Kind, hierarchyKey, null,
            request.HoldReason is null ? initial : ProcedureStates.WaitingForOperator, "Requested", request.Actor,
            $"{request.Reason}; plan of {plan.Count} steps{held}", request.Data, TransitionFactory.Nodes(request.SourceNode, target));
        var id = await store.CreateAsync(procedure, plan, audit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit("after-create");
        if (request.HoldReason is null)
        {
            await dispatcher.DispatchAsync(id, 1, cancellationToken).ConfigureAwait(false);
        }

        return new ProcedureStarted(id, request.Kind, hierarchyKey, request.SourceNode, target, plan.Count);
    }
}
