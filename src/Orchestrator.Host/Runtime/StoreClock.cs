namespace Orchestrator.Host.Runtime;

/// <summary>
/// Issue 13 point 1, for the times a runner computes itself: on a shared database (PostgreSQL, SQL Server) the
/// runner's "now" is the database's clock, as near as one round trip can tell. The store already dates what it writes
/// (audit rows, leases, heartbeats) with its own clock; what a runner judges in memory — a step's MAXWAIT from its first
/// start, the monitor's "healthy since" of a node and its stabilisation window, the simulated world's ready times — was
/// judged by the runner's own clock, so a runner whose clock is minutes off, taking over from another, judged a window
/// begun under the other's clock by its own. <see cref="SyncAsync"/> measures the offset (database time minus local time
/// at the middle of the round trip; a measurement whose round trip took longer than <see cref="MaxRoundTrip"/> is not
/// used) and <see cref="GetUtcNow"/> adds it to the local clock; after the first measurement it never goes backwards (a
/// smaller offset holds the clock still until local time catches up). Timers and timestamps are the local clock's: only "now" moves.
/// </summary>
public sealed class StoreClock(TimeProvider local) : TimeProvider
{
    /// <summary>A measurement slower than this says more about the network than about the clocks: it is not used.</summary>
    public static readonly TimeSpan MaxRoundTrip = TimeSpan.FromSeconds(1);

    private long _offsetTicks;
    private long _lastTicks;

    /// <summary>Database time minus local time, as last measured (zero before the first measurement).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Whether a measurement has been taken.</summary>
    public bool Synced { get; private set; }

    public override TimeZoneInfo LocalTimeZone => local.LocalTimeZone;

    public override long TimestampFrequency => local.TimestampFrequency;

    public override long GetTimestamp() => local.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        local.CreateTimer(callback, state, dueTime, period);

    public override DateTimeOffset GetUtcNow()
    {
        var ticks = local.GetUtcNow().UtcTicks + Interlocked.Read(ref _offsetTicks);
        while (true)
        {
            var last = Interlocked.Read(ref _lastTicks);
            if (ticks <= last)
            {
                return new DateTimeOffset(last, TimeSpan.Zero);
            }

            if (Interlocked.CompareExchange(ref _lastTicks, ticks, last) == last)
            {
                return new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }
    }

    /// <summary>
    /// Measures the offset with <paramref name="databaseNow"/> (the store's clock, given the caller's now). Returns false,
    /// keeping the last offset, when the round trip took longer than <see cref="MaxRoundTrip"/>; a store that cannot be
    /// reached throws to the caller, which keeps the last offset too.
    /// </summary>
    public async Task<bool> SyncAsync(Func<DateTimeOffset, CancellationToken, Task<DateTimeOffset>> databaseNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databaseNow);
        var started = local.GetTimestamp();
        var localBefore = local.GetUtcNow();
        var database = await databaseNow(localBefore, cancellationToken).ConfigureAwait(false);
        var roundTrip = local.GetElapsedTime(started);
        if (roundTrip > MaxRoundTrip)
        {
            return false;
        }

        var offset = database - (localBefore + (roundTrip / 2));
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        if (!Synced)
        {
            // The first measurement replaces the local clock (a runtime takes it before it judges anything): it may go back.
            Interlocked.Exchange(ref _lastTicks, 0);
            Synced = true;
        }
        return true;
    }
}
