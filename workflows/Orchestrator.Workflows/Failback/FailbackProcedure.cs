using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;
using static Orchestrator.Workflows.Failback.FailbackStates;

namespace Orchestrator.Workflows.Failback;

/// <summary>S20: move a hierarchy back to a better-priority node once it is healthy again; never to a lower-priority node.</summary>
public sealed class FailbackProcedure : IProcedureDefinition
{
    public const string KindName = "failback";

    public string Kind => KindName;

    public MoveKind? Move => MoveKind.Failback;

    public string? InServicePhase => BringingInService;

    public string InitialState => Preparing;

    public IReadOnlyList<string> Phases => FailbackStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        machine.Configure(Preparing)
            .PermitIf(StepSucceeded, TakingOutOfService, () => inputs.NextStepPhase == TakingOutOfService, "target verified");

        machine.Configure(TakingOutOfService)
            .ContinueWithinPhase(TakingOutOfService, inputs)
            .PermitIf(StepSucceeded, BringingInService, () => inputs.NextStepPhase == BringingInService, "out of service on the backup");

        machine.Configure(BringingInService)
            .ContinueWithinPhase(BringingInService, inputs)
            .PermitIf(StepSucceeded, Reconnecting, () => inputs.NextStepPhase == Reconnecting, "in service on the better node");

        machine.Configure(Reconnecting)
            .ContinueWithinPhase(Reconnecting, inputs)
            .Finishes(inputs, "users and queues are back");

        StandardTransitions.Apply(machine, Phases, inputs);
    }

    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        FailbackPlan.Build(cluster, hierarchy, sourceNode, targetNode);
}
