using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Keeps a worker's claim on its work (a procedure step, a replica-list batch) alive while it runs: renews the lease every lease/3. A renewal that
/// touches no row means the claim was taken over (or the row no longer runs): <see cref="LeaseLost"/> is cancelled,
/// and the worker must stop without committing. A renewal that fails (a busy database) is tried again at the next
/// beat; the lease outlasts two missed beats.
/// </summary>
public sealed class ClaimHeartbeat : IAsyncDisposable
{
    private readonly IWorkClaimStore _store;
    private readonly WorkClaim _claim;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    private ClaimHeartbeat(IWorkClaimStore store, WorkClaim claim, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        (_store, _claim, _lease, _time, _logger) = (store, claim, lease, time, logger);
        _beating = Task.Run(() => BeatAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Cancelled once a renewal finds the claim gone.</summary>
    public CancellationToken LeaseLost => _lost.Token;

    public bool Lost => _lost.IsCancellationRequested;

    public static ClaimHeartbeat Start(IWorkClaimStore store, WorkClaim claim, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        return new ClaimHeartbeat(store, claim, lease, time, logger);
    }

    private async Task BeatAsync(CancellationToken stopping)
    {
        var interval = _lease / 3;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stopping).ConfigureAwait(false);
                if (!await _store.RenewClaimAsync(_claim, _time.GetUtcNow(), _lease, stopping).ConfigureAwait(false))
                {
                    _logger.LogWarning("Lease lost on {Claim}: another claim took it over; the action is cancelled and nothing is committed", _claim);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not renew the lease on {Claim}; trying again at the next beat", _claim);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _beating.ConfigureAwait(false);
        _stop.Dispose();
        _lost.Dispose();
    }
}
