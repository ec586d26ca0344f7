using Hangfire;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// The one Hangfire job of every kind of work (a procedure step, a replica-list batch or plan), routed by kind to its
/// <see cref="IWorkRunner"/>. Reentrant: the runner claims first and does nothing if the work is not runnable.
/// Infrastructure failures (database busy…) are retried by Hangfire.
/// </summary>
public sealed class WorkJob(IEnumerable<IWorkRunner> runners)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 4, 8, 16])]
    [JobDisplayName("{0} {2} of #{1}")]
    public Task RunAsync(string kind, long ownerId, int seq, CancellationToken cancellationToken) =>
        (runners.FirstOrDefault(r => r.Kind == kind) ?? throw new InvalidOperationException($"no runner of work kind '{kind}'"))
            .RunAsync(ownerId, seq, cancellationToken);
}
