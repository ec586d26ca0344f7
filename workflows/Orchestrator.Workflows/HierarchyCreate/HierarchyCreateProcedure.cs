using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;

namespace Orchestrator.Workflows.HierarchyCreate;

/// <summary>S10: create a hierarchy on the node its application runs on — recorded there, then the definition with it (the node at priority 1).</summary>
public sealed class HierarchyCreateProcedure : IProcedureDefinition
{
    public const string KindName = "hierarchy-create";

    public string Kind => KindName;

    public string InitialState => HierarchyCreateStates.Creating;

    public IReadOnlyList<string> Phases => HierarchyCreateStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "created, definition stored");

    /// <summary>
    /// The plan of the hierarchy created on <paramref name="targetNode"/>, then the definition stored; <see cref="CreateHierarchyHandler"/> lays out the
    /// real one from the checked request (and carries the next definition).
    /// </summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        return [new PlannedStep(HierarchyCreateStates.Creating, AdminStepActions.HierarchyCreate, targetNode, hierarchy.Name, maxWait), AdminPlan.StoreDefinition(targetNode, hierarchy.Name, maxWait)];
    }
}
