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
}

/// <summary>
/// One Hangfire.InMemory enqueue → execute hop on the engine's own job storage and server (the same queue a step
/// job goes through): what a queue round trip per step would cost if the runner did not run the next step inline.
/// </summary>
internal sealed class QueueHopHarness(IBackgroundJobClient jobs)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<TimeSpan> HopAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var signalled = QueueHopJob.Register(token);
        var started = Stopwatch.GetTimestamp();
        jobs.Enqueue(() => QueueHopJob.Signal(token));
        try
        {
            await signalled.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            QueueHopJob.Forget(token);
            throw new TimeoutException($"a Hangfire job enqueued on the engine's storage did not run within {Timeout.TotalSeconds:F0} s");
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
