using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// Creates a procedure that moves a hierarchy to a target node: checks the request against the
/// definition and the environment, lays out the plan, commits instance + plan + audit in one
/// transaction, then dispatches the first step.
/// </summary>
public sealed class ProcedureLauncher(
    CurrentDefinition definitions,
    ProcedureCatalog procedures,
    IProcedureStore store,
    INodeProbe nodes,
    IStepDispatcher dispatcher,
    TimeProvider time)
{
    public async Task<ProcedureStarted> LaunchAsync(string kind, string hierarchyName, string targetNode, string actor, string? reason, CancellationToken cancellationToken)
    {
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var hierarchy = cluster.FindHierarchy(hierarchyName)
            ?? throw new BadInputException($"unknown hierarchy '{hierarchyName}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Hierarchies.Select(h => h.Name))}");
        var target = cluster.FindNode(targetNode)
            ?? throw new BadInputException($"unknown node '{targetNode}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}");
        if (!hierarchy.Includes(target.Name))
        {
            throw new BadInputException($"node {target.Name} is not in hierarchy {hierarchy.Name} (its nodes: {string.Join(", ", hierarchy.Priorities.Select(p => p.Node))}); extend the hierarchy to {target.Name} first");
        }

        var placements = await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        var source = placements.FirstOrDefault(p => string.Equals(p.Hierarchy, hierarchy.Name, StringComparison.OrdinalIgnoreCase))?.Node;
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

        var definition = procedures.Get(kind);
        var plan = definition.Plan(cluster, hierarchy, source ?? "", target.Name);
        var now = time.GetUtcNow();
        var why = reason ?? $"{actor} requested {kind} of {hierarchy.Name} from {source ?? "(out of service)"} to {target.Name}";
        var request = new NewProcedure(kind, hierarchy.Name, definition.InitialState, source, target.Name, actor, why, version, now);
        var audit = new Storage.Audit.NewAuditEntry(now, null, kind, hierarchy.Name, null, definition.InitialState, "Requested", actor,
            $"{why}; target {target.Name} (priority {hierarchy.PriorityOf(target.Name)}) is up and reachable; plan of {plan.Count} steps");
        var id = await store.CreateAsync(request, plan, audit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit("after-create");
        await dispatcher.DispatchAsync(id, 1, cancellationToken).ConfigureAwait(false);
        return new ProcedureStarted(id, kind, hierarchy.Name, source, target.Name, plan.Count);
    }
}
