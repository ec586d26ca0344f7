using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;

namespace Orchestrator.Workflows.Dependency;

/// <summary>
/// S5: adding or removing a parent/child dependency of a hierarchy's resource tree (`dependency add|remove PARENT CHILD`). The
/// tree lives in the definition only, so the procedure is one <see cref="AdminStates.StoringDefinition"/> step: it exists so
/// that the change is audited, keyed by its hierarchy (no move of it meanwhile) and stored on the version it was checked against.
/// </summary>
public sealed class DependencyChangeProcedure : IProcedureDefinition
{
    public const string KindName = "dependency-change";

    public string Kind => KindName;

    public string InitialState => AdminStates.StoringDefinition;

    public IReadOnlyList<string> Phases { get; } = [AdminStates.StoringDefinition];

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "the changed dependency is stored");

    /// <summary>The whole plan of any dependency change of <paramref name="hierarchy"/> in service on <paramref name="sourceNode"/> (the handler launches it with the edited text).</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        return [new PlannedStep(AdminStates.StoringDefinition, AdminStepActions.DefinitionStore, sourceNode, hierarchy.Name, cluster.Settings.MaxWaitSeconds)];
    }
}
