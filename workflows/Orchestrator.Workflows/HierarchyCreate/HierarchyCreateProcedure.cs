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

    /// <summary>Not used: <see cref="CreateHierarchyHandler"/> lays the plan out with the next definition.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        throw new NotSupportedException("a create's plan is built by CreateHierarchyHandler");
}
