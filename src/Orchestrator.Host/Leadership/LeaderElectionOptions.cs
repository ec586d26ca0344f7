namespace Orchestrator.Host.Leadership;

/// <summary>How this runner asks for the leader term of the single-instance roles.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>
    /// True (the embedded SQLite mode): the runtime runs only in the holder of the data directory's runner lock, which proves
    /// any other stored holder dead, so a term left by a killed runner is taken over at once (with a new epoch) instead of
    /// after its expiry. A provider with an advisory lock sets it from that lock; without any guard it is false.
    /// </summary>
    public bool Guarded { get; set; } = true;
}
