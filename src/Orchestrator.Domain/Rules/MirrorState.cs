namespace Orchestrator.Domain.Rules;

/// <summary>
/// S27: the state of the replicated volume (mirror) that a node would recover from.
/// <see cref="None"/> means shared storage: no mirror, nothing to wait for.
/// </summary>
public enum MirrorState
{
    Mirroring,
    Paused,
    PartialResync,
    FullResync,
    None,
}
