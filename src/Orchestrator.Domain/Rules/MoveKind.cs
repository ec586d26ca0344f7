namespace Orchestrator.Domain.Rules;

/// <summary>What kind of move <see cref="MoveAdmission"/> judges: the kind decides which of its checks apply and how.</summary>
public enum MoveKind
{
    /// <summary>The node the hierarchy is on has failed (S18): the source is dead, so no path from it is asked for; a mirror that is not mirroring makes it wait.</summary>
    Failover,

    /// <summary>A failover an operator lets go on (<c>procedures approve</c> or <c>retry</c>): as a failover, but re-checked (S28): a failed node back up and reachable means it is no longer wanted, and a mirror that is not mirroring refuses.</summary>
    ResumedFailover,

    /// <summary>An operator's move to a chosen node (S16).</summary>
    Switchover,

    /// <summary>Back to a better node (S20), by an operator or by automatic switchback.</summary>
    Failback,

    /// <summary>A planned move of a rolling update (S29) or a child switchover of a cluster update: it may wait for a resync to finish.</summary>
    UpdateMove,
}
