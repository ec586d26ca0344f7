namespace Orchestrator.Storage.Leadership;

/// <summary>
/// Leader terms (one row per role, with its epoch) and the runners' heartbeats. Every acquisition is decided by the
/// Domain's <c>LeaderTermRule</c> in one write transaction. A provider with an exclusive lock of its own (PostgreSQL's
/// advisory lock, SQL Server's application lock) uses it as an extra guard; the epoch row is the fence on every provider.
/// </summary>
public interface ILeaderStore
{
    /// <summary>
    /// Renews <paramref name="holder"/>'s live term of <paramref name="role"/>, or acquires a free (expired) one with the next
    /// epoch, until <paramref name="now"/> + <paramref name="lease"/>; null when another runner's live term refuses it.
    /// <paramref name="guarded"/>: the caller holds an exclusive guard that proves any other holder dead, and takes its term over.
    /// </summary>
    Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken);

    /// <summary>Ends the term at <paramref name="now"/> (a clean stop) so the next runner acquires it at once; nothing when it moved on.</summary>
    Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The stored term of <paramref name="role"/>, live or expired, or null when none was ever acquired.</summary>
    Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken);

    /// <summary>
    /// The instant a decision under <paramref name="term"/> is judged at: <paramref name="callerNow"/> (the runner's clock),
    /// or, for a term in <see cref="LeaderTerm.DatabaseTime"/>, the database's clock.
    /// </summary>
    Task<DateTimeOffset> NowAsync(LeaderTerm term, DateTimeOffset callerNow, CancellationToken cancellationToken) => Task.FromResult(callerNow);

    /// <summary>
    /// The instant runners' heartbeats are judged at (<c>cluster runners</c>): <paramref name="callerNow"/>, or, on a store
    /// that dates heartbeats by the database's clock (PostgreSQL), that clock.
    /// </summary>
    Task<DateTimeOffset> ClockAsync(DateTimeOffset callerNow, CancellationToken cancellationToken) => Task.FromResult(callerNow);

    /// <summary>
    /// Records the runner's heartbeat (inserting its row on the first). A store whose clock is the database's dates it by
    /// that clock, not by <see cref="RunnerRecord.LastSeenAt"/>.
    /// </summary>
    Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken);

    /// <summary>Removes the runner's row (a clean stop).</summary>
    Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken);

    /// <summary>Removes the rows of runners not seen since <paramref name="notSeenSince"/> (killed long ago); returns how many.</summary>
    Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the rows of runners silent for longer than <paramref name="silentFor"/> before now: <paramref name="now"/>,
    /// or the database's clock on a store that dates heartbeats by it.
    /// </summary>
    Task<int> ForgetRunnersAsync(DateTimeOffset now, TimeSpan silentFor, CancellationToken cancellationToken) =>
        ForgetRunnersAsync(now - silentFor, cancellationToken);

    /// <summary>Every runner with a row, the most recently seen first.</summary>
    Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken);
}
