using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Stateless;
using static Orchestrator.Workflows.Services.ServicesStates;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: adding or removing protected services of a hierarchy (`services add|remove NAME SERVICE…`). A removal stops the removed
/// services where the hierarchy is in service and sets them to manual start on every node of it (S7: a service outside the
/// orchestrator's control must not start by itself); an addition sets the added ones to manual start on every node and starts
/// them where the hierarchy is in service; then the definition with the new list is stored (<see cref="ServicesPlan"/>).
/// </summary>
public sealed class ServicesChangeProcedure : IProcedureDefinition
{
    public const string KindName = "services-change";

    public string Kind => KindName;

    public string InitialState => StoppingServices;

    public IReadOnlyList<string> Phases { get; } = [StoppingServices, SettingStartModes, StartingServices, AdminStates.StoringDefinition];

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs) =>
        AdminMachine.Configure(machine, Phases, inputs, "the protected services are changed on every node and stored");

    /// <summary>
    /// A representative plan (<see cref="ChangeServicesHandler"/> plans the real one from the command): protecting every installed
    /// optional service the hierarchy does not protect yet, with the hierarchy in service on <paramref name="sourceNode"/>.
    /// </summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        return [.. ServicesPlan.Added(hierarchy, hierarchy.Application.UnprotectedOptionalServices(), sourceNode, cluster.Settings.MaxWaitSeconds),
            new PlannedStep(AdminStates.StoringDefinition, AdminStepActions.DefinitionStore, sourceNode, hierarchy.Name, cluster.Settings.MaxWaitSeconds)];
    }
}
