namespace Orchestrator.Environment.Ports;

/// <summary>
/// Implemented by an observed environment whose answers change only when something is written to it (the simulated
/// world): a mark that changes whenever an answer of its probes and reads (<see cref="INodeProbe"/>,
/// <see cref="IPathProbe"/>, <see cref="INodeResourceProbe"/>) may have changed, by a write of this process or of any
/// other. A caller that asked the same questions under the same mark may keep the answers instead of asking again,
/// except what changes with time alone: a service <see cref="ServiceState.Starting"/> becomes running at its own moment.
/// An environment that cannot tell (an agent on a real node) does not implement it, and is asked every time.
/// </summary>
public interface IObservationMark
{
    /// <summary>The current mark, taken before the answers it covers are asked for; null when it cannot be told (ask again).</summary>
    Task<long?> ObservationMarkAsync(CancellationToken cancellationToken);
}
