namespace Orchestrator.Environment.World;

/// <summary>
/// A world store other than the SQLite file that can tell whether the world changed: a mark that moves with every
/// committed update by any process, so an equal mark means nothing was committed in between (see
/// <see cref="SimulatedWorld.ObservationMarkAsync"/>).
/// </summary>
public interface IWorldChangeMark
{
    /// <summary>The current mark; null when it cannot be read now.</summary>
    Task<long?> ChangeMarkAsync(CancellationToken cancellationToken);
}
