namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The procedure kinds that move a hierarchy: a newer one supersedes a running replica-list update.</summary>
public static class ReplicaUpdateMoves
{
    public static IReadOnlyList<string> Kinds { get; } =
        [Switchover.SwitchoverProcedure.KindName, Failover.FailoverProcedure.KindName, Failback.FailbackProcedure.KindName];
}
