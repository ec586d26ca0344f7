using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Mediator;
using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Leadership;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// The durable part of a monitor round's failovers (<see cref="LaunchFailoverCommand"/>), run concurrently, at most
/// <c>parallelism</c> in flight, while the round goes on deciding the next ones in order. Each launch logs its decision
/// once; one that fails is logged and holds back no other; a stale term (<see cref="StaleLeaderException"/>) is kept,
/// stops the round's further decisions (<see cref="Stale"/>) and is rethrown once the launches in flight have ended.
/// </summary>
internal sealed class RoundLaunches(IMediator mediator, ILogger logger, int parallelism)
{
    private readonly List<Task> _inFlight = [];
    private readonly ConcurrentQueue<string> _started = new();
    private ExceptionDispatchInfo? _stale;

    /// <summary>Whether a launch found that this runner no longer leads.</summary>
    public bool Stale => Volatile.Read(ref _stale) is not null;

    /// <summary>The hierarchies whose launch created a procedure (held or not).</summary>
    public IEnumerable<string> Started => _started;

    /// <summary>Starts the launch of <paramref name="admitted"/> once fewer than <c>parallelism</c> are in flight.</summary>
    public async Task StartAsync(AdmittedFailover admitted, CancellationToken cancellationToken)
    {
        while (_inFlight.Count(t => !t.IsCompleted) >= parallelism)
        {
            await Task.WhenAny(_inFlight.Where(t => !t.IsCompleted)).ConfigureAwait(false);
        }

        _inFlight.Add(Task.Run(() => LaunchAsync(admitted, cancellationToken), cancellationToken));
    }

    /// <summary>Waits for every launch in flight.</summary>
    public async Task DrainAsync()
    {
        var all = _inFlight.ToArray();
        _inFlight.Clear();
        await Task.WhenAll(all).ConfigureAwait(false);
    }

    /// <summary>Rethrows the stale term a launch met, if any.</summary>
    public void ThrowIfStale() => Volatile.Read(ref _stale)?.Throw();

    private async Task LaunchAsync(AdmittedFailover admitted, CancellationToken cancellationToken)
    {
        var (hierarchy, failed) = (admitted.Context.Hierarchy.Name, admitted.Failed);
        try
        {
            var outcome = await mediator.Send(new LaunchFailoverCommand(admitted), cancellationToken).ConfigureAwait(false);
            if (outcome.Started is not null)
            {
                _started.Enqueue(hierarchy);
            }

            logger.LogWarning("Monitor: failover of {Hierarchy} from {Node}: {Decision}", hierarchy, failed, outcome.Decision);
        }
        catch (StaleLeaderException e)
        {
            Interlocked.CompareExchange(ref _stale, ExceptionDispatchInfo.Capture(e), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failover that cannot start does not hold back the others of the round; it is asked again next round.
            logger.LogWarning("Monitor: failover of {Hierarchy} from {Node} not started, asked again next round: {Error}", hierarchy, failed, e.Message);
        }
    }
}
