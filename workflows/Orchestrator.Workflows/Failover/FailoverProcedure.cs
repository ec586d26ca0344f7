using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;
using static Orchestrator.Workflows.Failover.FailoverStates;

namespace Orchestrator.Workflows.Failover;

/// <summary>S18: the node a hierarchy is in service on has failed; fence it, then bring the hierarchy in service on the chosen node.</summary>
public sealed class FailoverProcedure : IProcedureDefinition
{
    public const string KindName = "failover";

    public string Kind => KindName;

    public MoveKind? Move => MoveKind.Failover;

    public string? InServicePhase => BringingInService;

    public string InitialState => Fencing;

    public IReadOnlyList<string> Phases => FailoverStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        machine.Configure(Fencing)
            .PermitIf(StepSucceeded, BringingInService, () => inputs.NextStepPhase == BringingInService, "failed node fenced");

        machine.Configure(BringingInService)
            .ContinueWithinPhase(BringingInService, inputs)
            .Finishes(inputs, "in service on the target");

        StandardTransitions.Apply(machine, Phases, inputs);
    }

    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        FailoverPlan.Build(cluster, hierarchy, sourceNode, targetNode);
}
