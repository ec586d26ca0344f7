using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    private long? _countersOfEpoch;

    /// <summary>
    /// Issue 13: at the first round of a term (a new epoch, or the first round unfenced), the counters are read from the
    /// database, so a new leader resumes the failure counts and healthy-since times of the previous one. A failed read
    /// keeps this process's own counts (not a reason to act), and is tried again next round.
    /// </summary>
    private async Task ResumeCountersAsync(CancellationToken cancellationToken)
    {
        var epoch = LeaderFence.Current?.Term.Epoch ?? 0;
        if (_countersOfEpoch == epoch)
        {
            return;
        }

        try
        {
            _counters.Load(await counterStore.LoadAsync(cancellationToken).ConfigureAwait(false));
            _countersOfEpoch = epoch;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Monitor: the stored check counters could not be read ({Error}); this round counts on from this process's own", e.Message);
        }
    }

    /// <summary>Stores the counters this round changed, in one fenced write; none after a quiet round (nothing is written).</summary>
    private async Task SaveCountersAsync(CancellationToken cancellationToken)
    {
        var changes = _counters.TakeChanges();
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            await counterStore.SaveAsync(changes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not StaleLeaderException)
        {
            _counters.Unsaved(changes);
            logger.LogWarning("Monitor: {Count} changed check counters could not be stored ({Error}); stored with the next change", changes.Count, e.Message);
        }
    }

    /// <summary>
    /// Before an effect on the world (local recovery), which no database transaction covers: the term of the current
    /// fence must still be the stored, live one (<see cref="LeaderTermRule.Admits"/>, at the term's clock: the database's for
    /// a term in database time), else <see cref="StaleLeaderException"/>
    /// and nothing is done. Unfenced rounds are not checked.
    /// </summary>
    private async Task EnsureStillLeadingAsync(CancellationToken cancellationToken)
    {
        if (LeaderFence.Current is not { } fence)
        {
            return;
        }

        var stored = await leaders.GetTermAsync(fence.Term.Role, cancellationToken).ConfigureAwait(false);
        var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
        var now = await leaders.NowAsync(fence.Term, fence.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!LeaderTermRule.Admits(state, fence.Term.Epoch, now))
        {
            throw new StaleLeaderException(fence.Term.Role, fence.Term.Epoch, stored);
        }
    }
}
