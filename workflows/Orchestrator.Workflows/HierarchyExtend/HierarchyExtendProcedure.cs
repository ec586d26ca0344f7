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

    /// <summary>
    /// The plan of the hierarchy extended to <paramref name="targetNode"/>, without renames, then the definition stored; <see cref="ExtendHierarchyHandler"/> lays out the
    /// real one from the checked request (and carries the next definition).
    /// </summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        return [new PlannedStep(HierarchyExtendStates.Extending, AdminStepActions.HierarchyExtend, targetNode, hierarchy.Name, maxWait), AdminPlan.StoreDefinition(targetNode, hierarchy.Name, maxWait)];
    }
}
