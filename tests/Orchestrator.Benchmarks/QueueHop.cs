using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The job of the queue-hop measurement: it only completes the waiter registered under its token. Public and
/// static so Hangfire invokes it without the activator.
/// </summary>
public static class QueueHopJob
{
    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Waiters = new();

    public static void Signal(Guid token)
    {
        if (Waiters.TryRemove(token, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    internal static Task Register(Guid token)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Waiters[token] = waiter;
        return waiter.Task;
    }

    internal static void Forget(Guid token) => Waiters.TryRemove(token, out _);

    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource<TimeSpan>> Timed = new();

    /// <summary>Completes the timed waiter under <paramref name="token"/> with the time since <paramref name="enqueuedAt"/> (a <see cref="Stopwatch"/> timestamp of any process: the clock is the machine's monotonic one).</summary>
    public static void SignalSince(Guid token, long enqueuedAt)
    {
        var elapsed = Stopwatch.GetElapsedTime(enqueuedAt);
        if (Timed.TryRemove(token, out var waiter))
        {
            waiter.TrySetResult(elapsed);
        }
    }

    internal static Task<TimeSpan> RegisterTimed(Guid token)
    {
        var waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        Timed[token] = waiter;
        return waiter.Task;
    }

    internal static void ForgetTimed(Guid token) => Timed.TryRemove(token, out _);
}

/// <summary>
/// One Hangfire.InMemory enqueue → execute hop on the engine's own job storage and server (the same queue a step
/// job goes through): what a queue round trip per step would cost if the runner did not run the next step inline.
/// </summary>
internal sealed class QueueHopHarness(IBackgroundJobClient jobs, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(10);

    public async Task<TimeSpan> HopAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var signalled = QueueHopJob.Register(token);
        var started = Stopwatch.GetTimestamp();
        jobs.Enqueue(() => QueueHopJob.Signal(token));
        try
        {
            await signalled.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            QueueHopJob.Forget(token);
            throw new TimeoutException($"a Hangfire job enqueued on the engine's storage did not run within {_timeout.TotalSeconds:F0} s");
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
