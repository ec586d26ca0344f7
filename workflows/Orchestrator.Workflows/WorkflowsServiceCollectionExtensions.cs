using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Failback;
using Orchestrator.Workflows.Failover;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Workflows.RollingUpdate;
using Orchestrator.Workflows.Switchover;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Workflows;

/// <summary>Registers every procedure and every resource action.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<IProcedureDefinition, SwitchoverProcedure>();
        services.AddSingleton<IProcedureDefinition, FailoverProcedure>();
        services.AddSingleton<IProcedureDefinition, FailbackProcedure>();
        services.AddSingleton<IProcedureDefinition, UserMoveProcedure>();
        services.AddSingleton<IProcedureDefinition, RollingUpdateProcedure>();

        services.AddSingleton<IStepAction, VerifyTargetAction>();
        services.AddSingleton<IStepAction, ServiceStopAction>();
        services.AddSingleton<IStepAction, ServiceStartAction>();
        services.AddSingleton<IStepAction, ShareRemoveAction>();
        services.AddSingleton<IStepAction, ShareCreateAction>();
        services.AddSingleton<IStepAction, AddressReleaseAction>();
        services.AddSingleton<IStepAction, AddressAcquireAction>();
        services.AddSingleton<IStepAction, VolumeUnmountAction>();
        services.AddSingleton<IStepAction, VolumeMountAction>();
        services.AddSingleton<IStepAction, DnsUpdateAction>();
        services.AddSingleton<IStepAction, NodeFenceAction>();
        services.AddSingleton<IStepAction, UsersMoveAction>();
        services.AddSingleton<IStepAction, QueuesReconnectAction>();
        services.AddSingleton<IStepAction, UsersMoveFailedAction>();
        services.AddSingleton<IStepAction, RoutingSwapAction>();
        services.AddSingleton<IStepAction, RoutingRestoreAction>();
        services.AddSingleton<IStepAction, PublicStoreRewriteAction>();
        services.AddSingleton<IStepAction, StartReplicaUpdateAction>();
        services.AddSingleton<IStepAction, AgentStopAction>();
        services.AddSingleton<IStepAction, AgentStartAction>();
        services.AddSingleton<IStepAction, PackageInstallAction>();
        services.AddSingleton<IStepAction, UpdateVerifyAction>();
        services.AddSingleton<IStepAction, MirrorPauseAction>();
        services.AddSingleton<IStepAction, MirrorResumeAction>();
        services.AddSingleton<IStepAction, MirrorWaitAction>();
        services.AddSingleton<IStepAction, NodeStopAction>();
        services.AddSingleton<IStepAction, NodeStartAction>();
        services.AddSingleton<IStepAction, SwitchbackHoldAction>();
        services.AddSingleton<IStepAction, SwitchbackReleaseAction>();
        services.AddSingleton<IStepAction, ScheduleWaitAction>();
        services.AddSingleton<IStepAction, PlacementRecordAction>();
        services.AddSingleton<IStepAction, HierarchiesMoveOffAction>();
        services.AddSingleton<IStepAction, NodeUpdateAction>();
        services.AddSingleton<IStepAction, HierarchiesMoveBackAction>();
        services.AddSingleton<FailoverStarter>();
        services.AddSingleton<ChildMoves>();
        services.AddSingleton<RollingUpdates>();

        services.AddSingleton<ReplicaUpdateTransitions>();
        services.AddSingleton<ReplicaUpdateScheduler>();
        services.AddSingleton<ReplicaUpdatePlanner>();
        services.AddSingleton<ReplicaBatchRunner>();
        services.AddSingleton<ReplicaUpdateViews>();
        services.AddSingleton<IWorkRunner>(sp => sp.GetRequiredService<ReplicaBatchRunner>());
        services.AddSingleton<IWorkRunner, ReplicaPlanWorkRunner>();
        return services;
    }
}
