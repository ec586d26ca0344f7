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

    /// <summary>Not used: <see cref="UnextendHierarchyHandler"/> lays the plan out with the next definition.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        throw new NotSupportedException("an unextend's plan is built by UnextendHierarchyHandler");
}
