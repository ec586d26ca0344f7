using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;
using static Orchestrator.Workflows.Switchover.SwitchoverStates;

namespace Orchestrator.Workflows.Switchover;

/// <summary>S16: move a hierarchy from the node it is in service on to another node, resource by resource.</summary>
public sealed class SwitchoverProcedure : IProcedureDefinition
{
    public const string KindName = "switchover";

    public string Kind => KindName;

    public MoveKind? Move => MoveKind.Switchover;

    public string? InServicePhase => BringingInService;

    public string InitialState => Preparing;

    public IReadOnlyList<string> Phases => SwitchoverStates.Phases;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        machine.Configure(Preparing)
            .PermitIf(StepSucceeded, TakingOutOfService, () => inputs.NextStepPhase == TakingOutOfService, "target verified")
            .PermitIf(StepSucceeded, BringingInService, () => inputs.NextStepPhase == BringingInService, "target verified, hierarchy in service nowhere");

        machine.Configure(TakingOutOfService)
            .ContinueWithinPhase(TakingOutOfService, inputs)
            .PermitIf(StepSucceeded, BringingInService, () => inputs.NextStepPhase == BringingInService, "out of service on the source");

        machine.Configure(BringingInService)
            .ContinueWithinPhase(BringingInService, inputs)
            .PermitIf(StepSucceeded, ProcedureStates.Completed, () => inputs.NextStepPhase is null, "in service on the target");

        StandardTransitions.Apply(machine, Phases, inputs);
    }

    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        SwitchoverPlan.Build(cluster, hierarchy, sourceNode, targetNode);
}
