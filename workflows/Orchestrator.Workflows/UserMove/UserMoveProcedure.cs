using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;
using static Orchestrator.Workflows.UserMove.UserMoveStates;

namespace Orchestrator.Workflows.UserMove;

/// <summary>S22: move the users that failed to move during a failover or failback, later, as their own procedure.</summary>
public sealed class UserMoveProcedure : IProcedureDefinition
{
    public const string KindName = "user-move";

    public string Kind => KindName;

    public string InitialState => MovingUsers;

    public IReadOnlyList<string> Phases => UserMoveStates.Phases;

    /// <summary>It moves no hierarchy but changes the directory (S15): it needs the directory credentials.</summary>
    public bool NeedsDirectoryCredentials => true;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        machine.Configure(MovingUsers)
            .Finishes(inputs, "the selected users were moved");
        StandardTransitions.Apply(machine, Phases, inputs);
    }

    /// <summary>One step: <paramref name="sourceNode"/> carries the user selector, <paramref name="targetNode"/> the server to home them on.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) =>
        [new PlannedStep(MovingUsers, StepActions.UsersMoveFailed, targetNode, sourceNode, cluster.Settings.MaxWaitSeconds)];
}
