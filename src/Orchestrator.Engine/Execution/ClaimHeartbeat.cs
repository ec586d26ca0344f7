using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Keeps a worker's claim on its work (a procedure step, a replica-list batch) alive while it runs: renews the lease every lease/3. A renewal that
/// touches no row means the claim was taken over (or the row no longer runs): <see cref="LeaseLost"/> is cancelled,
/// and the worker must stop without committing. A renewal that fails (a busy database) is tried again at the next
/// beat; the lease outlasts two missed beats. The beat is a timer of <see cref="TimeProvider"/>: a step whose action
/// ends before the first beat costs one timer, not a task running on the pool.
/// </summary>
public sealed class ClaimHeartbeat : IAsyncDisposable
{
    private readonly IWorkClaimStore _store;
    private readonly WorkClaim _claim;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreOutage? _outage;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private Task _renewal = Task.CompletedTask;
    private bool _ended;

    private ClaimHeartbeat(IWorkClaimStore store, WorkClaim claim, TimeSpan lease, TimeProvider time, ILogger logger, StoreOutage? outage)
    {
        (_store, _claim, _lease, _time, _logger, _outage) = (store, claim, lease, time, logger, outage);
        var interval = lease / 3 > TimeSpan.Zero ? lease / 3 : TimeSpan.FromMilliseconds(1);
        _timer = time.CreateTimer(static self => ((ClaimHeartbeat)self!).Beat(), this, interval, interval);
    }

    /// <summary>Cancelled once a renewal finds the claim gone.</summary>
    public CancellationToken LeaseLost => _lost.Token;

    public bool Lost => _lost.IsCancellationRequested;

    /// <param name="outage">Where a renewal that finds the database out of reach is reported (said once per outage) instead of logged.</param>
    public static ClaimHeartbeat Start(IWorkClaimStore store, WorkClaim claim, TimeSpan lease, TimeProvider time, ILogger logger, StoreOutage? outage = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        return new ClaimHeartbeat(store, claim, lease, time, logger, outage);
    }

    /// <summary>One beat: starts a renewal unless the heartbeat ended or the previous renewal is still under way.</summary>
    private void Beat()
    {
        lock (_gate)
        {
            if (_ended || !_renewal.IsCompleted)
            {
                return;
            }

            // Started on the pool, outside the lock: the renewal takes the lock again when it finds the claim gone.
            var stopping = _stop.Token;
            _renewal = Task.Run(() => RenewAsync(stopping), CancellationToken.None);
        }
    }

    private async Task RenewAsync(CancellationToken stopping)
    {
        try
        {
            if (!await _store.RenewClaimAsync(_claim, _time.GetUtcNow(), _lease, stopping).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _ended = true;
                }

                _logger.LogWarning("Lease lost on {Claim}: another claim took it over; the action is cancelled and nothing is committed", _claim);
                await _lost.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (_outage?.Absorbed(e) is true)
        {
            // the database is out of reach (said once per outage): the next beat tries again, the lease outlasts two missed beats
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not renew the lease on {Claim}; trying again at the next beat", _claim);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task renewal;
        lock (_gate)
        {
            _ended = true;
            renewal = _renewal;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
        _stop.Dispose();
        _lost.Dispose();
    }
}
