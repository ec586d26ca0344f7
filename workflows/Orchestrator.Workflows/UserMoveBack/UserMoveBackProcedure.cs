using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;
using static Orchestrator.Workflows.UserMoveBack.UserMoveBackStates;

namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>
/// S10 repair: a hierarchy deleted (or its protection removed) while in service on a backup left its users homed on that
/// backup; `users move --all` moves them back to its primary as this procedure, keyed by the deleted hierarchy's name, so
/// that a hierarchy of that name can be created again.
/// </summary>
public sealed class UserMoveBackProcedure : IProcedureDefinition
{
    public const string KindName = "users-move-back";

    /// <summary>The step action that homes the tombstone's users on the primary.</summary>
    public const string MoveBackAction = "users.move-back";

    public string Kind => KindName;

    public string InitialState => MovingUsersBack;

    public IReadOnlyList<string> Phases => UserMoveBackStates.Phases;

    /// <summary>It moves no hierarchy but changes the directory (S15): it needs the directory credentials.</summary>
    public bool NeedsDirectoryCredentials => true;

    public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
    {
        machine.Configure(MovingUsersBack)
            .Finishes(inputs, "the users were moved back to the primary");
        StandardTransitions.Apply(machine, Phases, inputs);
    }

    /// <summary>One step: <paramref name="targetNode"/> is the primary to home the users on, <paramref name="sourceNode"/> carries the user selector.</summary>
    public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return [new PlannedStep(MovingUsersBack, MoveBackAction, targetNode, sourceNode, cluster.Settings.MaxWaitSeconds)];
    }
}
