namespace Orchestrator.Host.Monitoring;

/// <summary>
/// When the monitor's next round starts: the first one interval after the monitor was started (serve answers first),
/// each later one interval after the previous one STARTED — a round that took longer than the interval (one waiting out
/// a dead node's health timeout) is followed by the next at once, so a node's failures are counted every interval, not
/// every interval plus a round.
/// </summary>
public sealed class MonitorCadence(TimeProvider time)
{
    private long? _lastStart;

    /// <summary>Waits until the next round is due and marks its start.</summary>
    public async Task WaitForRoundAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var wait = _lastStart is { } start ? interval - time.GetElapsedTime(start) : interval;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        _lastStart = time.GetTimestamp();
    }
}
