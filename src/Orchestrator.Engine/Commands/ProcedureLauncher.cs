using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// Creates procedures that move a hierarchy: resolves requests and has their moves admitted by the one admission
/// rule (<see cref="MoveAdmissionCheck"/>), lays out the plan, commits instance + plan + audit (and the first step's
/// dispatch mark) in one transaction, then enqueues the first step — unless the directory credentials the kind needs are
/// not usable (S15, <see cref="DirectoryCredentialAdmission"/>): then nothing is created.
/// </summary>
public sealed class ProcedureLauncher(
    CurrentDefinition definitions,
    ProcedureCatalog procedures,
    IProcedureStore store,
    MoveAdmissionCheck admission,
    DirectoryCredentialAdmission credentials,
    IWorkDispatcher dispatcher,
    HoldingProcedures holders,
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
    /// it (exit 3) — before any check of the target or the placement, which that procedure is about to change. A failover
    /// (<paramref name="isFailover"/>) is admitted over a procedure that yields to it, unless that one is draining
    /// (<see cref="ProcedureConflictRule"/>, through <see cref="HoldingProcedures"/>).
    /// </summary>
    public async Task<HierarchyContext> ResolveForMoveAsync(string hierarchyName, CancellationToken cancellationToken, bool isFailover = false)
    {
        var context = await ResolveAsync(hierarchyName, cancellationToken).ConfigureAwait(false);
        await holders.ThrowIfHeldAsync(context.Active, isFailover, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The admission of a move of the hierarchy onto <paramref name="targetNode"/> (S1, S4, S16, S27, anti-flapping), by the
    /// Domain's one rule on the situation read now: refused (bad input, naming the object and the fix) unless admitted.
    /// Returns the target's name as the definition spells it and the verdict (its reason is the evidence for the audit).
    /// </summary>
    public async Task<AdmittedMove> CheckMoveTargetAsync(HierarchyContext context, string targetNode, MoveKind kind, CancellationToken cancellationToken)
    {
        var move = await AdmitMoveAsync(context, targetNode, kind, automatic: false, cancellationToken).ConfigureAwait(false);
        return move.Verdict.IsAdmitted ? move : throw new BadInputException(move.Verdict.Reason);
    }

    /// <summary>As <see cref="CheckMoveTargetAsync"/>, but returns a verdict that is not admitted instead of refusing (the monitor records it).</summary>
    public async Task<AdmittedMove> AdmitMoveAsync(HierarchyContext context, string targetNode, MoveKind kind, bool automatic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = context.Cluster;
        var target = cluster.FindNode(targetNode)
            ?? throw new BadInputException($"unknown node '{targetNode}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}");
        var verdict = await admission.AdmitAsync(cluster, context.Hierarchy, kind, context.PlacedOn, target.Name, automatic, cancellationToken).ConfigureAwait(false);
        return new AdmittedMove(target.Name, verdict);
    }

    public async Task<ProcedureStarted> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var (context, target) = (request.Context, request.TargetNode);
        var definition = procedures.Get(request.Kind);
        var plan = request.Plan ?? definition.Plan(context.Cluster, context.Hierarchy, request.SourceNode ?? "", target);
        var initial = request.Plan is { Count: > 0 } given ? given[0].Phase : definition.InitialState;
        var hierarchyKey = request.HierarchyKey ?? context.Hierarchy.Name;
        await credentials.RequireAsync(request.Kind, context.Hierarchy.Name, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // A procedure keyed by its hierarchy is created only if the hierarchy is still as the plan saw it.
        var basis = string.Equals(hierarchyKey, context.Hierarchy.Name, StringComparison.Ordinal) ? context.Basis : null;
        var procedure = new NewProcedure(request.Kind, hierarchyKey, initial, request.SourceNode, target,
            request.Actor, request.Reason, context.DefinitionVersion, now, request.HoldReason, basis, dispatcher.LaunchMark);
        var held = request.HoldReason is null ? "" : $"; held for an operator: {request.HoldReason}";
        var audit = new NewAuditEntry(now, null, request.Kind, hierarchyKey, null,
            request.HoldReason is null ? initial : ProcedureStates.WaitingForOperator, "Requested", request.Actor,
            $"{request.Reason}; plan of {plan.Count} steps{held}", request.Data, TransitionFactory.Nodes(request.SourceNode, target));
        var id = await store.CreateAsync(procedure, plan, audit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit("after-create");
        if (request.HoldReason is null)
        {
            // Step 1 was committed already marked dispatched by this worker (one commit per launch, not two).
            dispatcher.EnqueueLaunched(id);
        }

        return new ProcedureStarted(id, request.Kind, hierarchyKey, request.SourceNode, target, plan.Count);
    }
}
