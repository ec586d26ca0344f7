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

    /// <summary>Not used: <see cref="DeleteHierarchyHandler"/> lays the plan out with the next definition.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        throw new NotSupportedException("a delete's plan is built by DeleteHierarchyHandler");
}
