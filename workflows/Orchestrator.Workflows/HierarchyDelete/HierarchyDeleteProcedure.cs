using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>S13: delete a hierarchy — the world forgets it, then the definition without it (its placement goes with it).</summary>
public sealed class HierarchyDeleteProcedure : IProcedureDefinition
{
    public const string KindName = "hierarchy-delete";

    public string Kind => KindName;

    public string InitialState => HierarchyDeleteStates.Deleting;

    public IReadOnlyList<string> Phases => HierarchyDeleteStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "deleted, definition stored");

    /// <summary>
    /// The plan of the hierarchy deleted (the step on its primary), then the definition stored; <see cref="DeleteHierarchyHandler"/> lays out the
    /// real one from the checked request (and carries the next definition).
    /// </summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        return [new PlannedStep(HierarchyDeleteStates.Deleting, AdminStepActions.HierarchyDelete, hierarchy.PrimaryNode, hierarchy.Name, maxWait), AdminPlan.StoreDefinition(hierarchy.PrimaryNode, hierarchy.Name, maxWait)];
    }
}
