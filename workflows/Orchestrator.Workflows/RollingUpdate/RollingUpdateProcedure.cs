using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;
using static Orchestrator.Workflows.RollingUpdate.RollingUpdateStates;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// S29: a rolling software update — two-node (primary first, two planned moves) or cluster-wide (one node at a time).
/// Its plan depends on the package and the schedule, so it is built by <see cref="RollingUpdatePlan"/> at launch; the
/// machine moves through whichever phases the plan's steps name, and yields to a failover (suspended, resumable).
/// </summary>
public sealed class RollingUpdateProcedure : IProcedureDefinition
{
    public const string KindName = "rolling-update";

    public string Kind => KindName;

    public MoveKind? Move => MoveKind.UpdateMove;

    public string InitialState => UpdatingPrimary;

    public IReadOnlyList<string> Phases => RollingUpdateStates.Phases;

    public bool YieldsToFailover => true;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        foreach (var phase in Phases)
        {
            var state = machine.Configure(phase)
                .ContinueWithinPhase(phase, inputs)
                .PermitIf(StepSucceeded, ProcedureStates.Completed, () => inputs.NextStepPhase is null, "plan finished")
                .DrainsOn(RollingUpdateTriggers.Suspend, Suspended, ProcedureStates.Suspending, inputs);
            foreach (var next in Phases.Where(p => p != phase))
            {
                var to = next;
                state.PermitIf(StepSucceeded, to, () => inputs.NextStepPhase == to, $"next step in {to}");
            }
        }

        machine.Configure(ProcedureStates.WaitingForOperator).Permit(RollingUpdateTriggers.Suspend, Suspended);
        machine.Configure(ProcedureStates.Suspending).Permit(StepReported, Suspended);
        var suspended = machine.Configure(Suspended).Permit(OperatorCancel, ProcedureStates.Cancelled);
        foreach (var phase in Phases)
        {
            var to = phase;
            suspended.PermitIf(RollingUpdateTriggers.OperatorResume, to, () => inputs.ResumeState == to, $"suspended in {to}");
        }

        StandardTransitions.Apply(machine, Phases, inputs);
    }

    /// <summary>Not used: <see cref="StartRollingUpdateHandler"/> lays the plan out with the package and the schedule.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        throw new NotSupportedException("a rolling update's plan needs the package and the schedule; it is built by RollingUpdatePlan");
}
