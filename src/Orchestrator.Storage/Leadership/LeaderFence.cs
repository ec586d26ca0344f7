namespace Orchestrator.Storage.Leadership;

/// <summary>
/// The leader term a decision is made under, carried by the code path that makes it (the health monitor's round):
/// while a fence is entered (<see cref="Enter"/>), every write a store makes for a leader's decision — a procedure's
/// launch, an audit row — first checks, in its own transaction, that the stored term is still this epoch and live at
/// the fence's clock, else throws <see cref="StaleLeaderException"/> and writes nothing. Writes made without a fence
/// (an operator's command, a step) are not leader decisions and are not fenced.
/// </summary>
public sealed class LeaderFence(LeaderTerm term, TimeProvider time)
{
    private static readonly AsyncLocal<LeaderFence?> Ambient = new();

    public LeaderTerm Term { get; } = term;

    public TimeProvider Time { get; } = time;

    /// <summary>The fence of the current flow of control, or null.</summary>
    public static LeaderFence? Current => Ambient.Value;

    /// <summary>Makes <paramref name="fence"/> the current one until the returned scope is disposed (the previous one again).</summary>
    public static IDisposable Enter(LeaderFence? fence)
    {
        var previous = Ambient.Value;
        Ambient.Value = fence;
        return new Scope(previous);
    }

    private sealed class Scope(LeaderFence? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
