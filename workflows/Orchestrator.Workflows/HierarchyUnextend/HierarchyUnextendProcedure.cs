using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>S12: unextend a hierarchy from a node — the node removed from it, then the definition without the node's priority.</summary>
public sealed class HierarchyUnextendProcedure : IProcedureDefinition
{
    public const string KindName = "hierarchy-unextend";

    public string Kind => KindName;

    public string InitialState => HierarchyUnextendStates.Unextending;

    public IReadOnlyList<string> Phases => HierarchyUnextendStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "unextended, definition stored");

    /// <summary>
    /// The plan of the hierarchy unextended from <paramref name="targetNode"/>, then the definition stored; <see cref="UnextendHierarchyHandler"/> lays out the
    /// real one from the checked request (and carries the next definition).
    /// </summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        return [new PlannedStep(HierarchyUnextendStates.Unextending, AdminStepActions.HierarchyUnextend, targetNode, hierarchy.Name, maxWait), AdminPlan.StoreDefinition(targetNode, hierarchy.Name, maxWait)];
    }
}
