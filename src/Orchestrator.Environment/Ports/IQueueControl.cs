namespace Orchestrator.Environment.Ports;

/// <summary>S26: recovers mail queued elsewhere for a server that moved.</summary>
public interface IQueueControl
{
    /// <summary>
    /// Reconnects the other servers' queues for <paramref name="fromServer"/> to <paramref name="toServer"/>
    /// (no-op when they already deliver there).
    /// </summary>
    Task EnsureQueuesReconnectedAsync(string fromServer, string toServer, EffectKey key, CancellationToken cancellationToken);
}
