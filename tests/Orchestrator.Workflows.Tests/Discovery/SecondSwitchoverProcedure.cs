using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;

namespace Orchestrator.Workflows.Tests.Discovery;

/// <summary>A procedure kind that claims the switchover's kind, spelled in capitals.</summary>
internal sealed class SecondSwitchoverProcedure : IProcedureDefinition
{
    public string Kind => "SWITCHOVER";

    public string InitialState => "Preparing";

    public IReadOnlyList<string> Phases => ["Preparing"];

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
    }

    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) => [];
}
