using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>
/// S11: extend a hierarchy to another node — the store renames it needs (with --apply-renames), the node made able to run it,
/// then the definition with the node at its priority. Its plan needs the renames and the priority, so
/// <see cref="ExtendHierarchyHandler"/> lays it out.
/// </summary>
public sealed class HierarchyExtendProcedure : IProcedureDefinition
{
    public const string KindName = "hierarchy-extend";

    public string Kind => KindName;

    public string InitialState => HierarchyExtendStates.Extending;

    public IReadOnlyList<string> Phases => HierarchyExtendStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "extended, definition stored");

    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        throw new NotSupportedException("an extend's plan needs the renames and the priority; it is built by ExtendHierarchyHandler");
}
