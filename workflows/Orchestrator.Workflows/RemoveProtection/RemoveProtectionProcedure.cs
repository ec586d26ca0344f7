using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;
using static Orchestrator.Workflows.RemoveProtection.RemoveProtectionStates;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>
/// S17: `hierarchy remove-protection NAME`: the Exchange server goes back to running on its own — protected services to
/// automatic start everywhere, clients pointed at the real server, the hierarchy forgotten by the world and removed from the
/// definition — while its resources stay in service where they are (<see cref="RemoveProtectionPlan"/>).
/// </summary>
public sealed class RemoveProtectionProcedure : IProcedureDefinition
{
    public const string KindName = "remove-protection";

    public string Kind => KindName;

    public string InitialState => ReleasingServices;

    public IReadOnlyList<string> Phases { get; } = [ReleasingServices, PointingClients, ForgettingHierarchy, AdminStates.StoringDefinition];

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "the hierarchy is no longer protected and its resources run where they are");

    /// <summary>The plan of removing the protection of <paramref name="hierarchy"/> in service on <paramref name="sourceNode"/> (as <see cref="RemoveProtectionHandler"/> launches it).</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        return [.. RemoveProtectionPlan.Steps(hierarchy, sourceNode, cluster.Settings.MaxWaitSeconds), new PlannedStep(AdminStates.StoringDefinition, AdminStepActions.DefinitionStore, sourceNode, hierarchy.Name, cluster.Settings.MaxWaitSeconds)];
    }
}
