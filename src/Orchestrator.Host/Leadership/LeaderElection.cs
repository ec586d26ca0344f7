using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Host.Leadership;

/// <summary>
/// Issue 13: this runner's side of the one leader of the single-instance roles. Each <see cref="TickAsync"/> — the runtime
/// calls it every <see cref="Renewal"/> (a third of the claim lease) — records the runner's heartbeat and acquires or renews
/// the term (<see cref="LeaderRoles.Singletons"/>); the runtime runs the roles only while <see cref="Term"/> is held. A clean
/// stop (<see cref="StopAsync"/>) releases the term, so another runner leads at once, and removes the runner's row.
/// A term in <see cref="LeaderTerm.DatabaseTime"/> (PostgreSQL: held under an advisory lock's session) ends at the first
/// tick that cannot renew it, not at its expiry: the roles stop before another runner could take the term.
/// </summary>
public sealed class LeaderElection(
    ILeaderStore store, WorkerIdentity worker, EngineOptions options, LeaderElectionOptions election, StoreOutage outage, TimeProvider time,
    ILogger<LeaderElection> logger)
{
    private DateTimeOffset? _startedAt;
    private LeaderTerm? _term;

    /// <summary>The term this runner holds as of its last tick, or null.</summary>
    public LeaderTerm? Term => Volatile.Read(ref _term);

    /// <summary>How often the term is renewed and the heartbeat recorded: a third of the claim lease, as a claim's heartbeat.</summary>
    public TimeSpan Renewal => options.ClaimLease / 3;

    /// <summary>The fence of the term held now, for the decisions made under it; null when this runner does not lead.</summary>
    public LeaderFence? Fence => Term is { } term ? new LeaderFence(term, time) : null;

    /// <summary>
    /// Heartbeat, then acquire or renew the term; returns the term held now (null: another runner leads). A failure to
    /// reach the store keeps the term only until its expiry: past it, this runner no longer leads. A term in database time
    /// ends at the first failure, and a renewal of it that has not answered within <see cref="Renewal"/> is one (a
    /// partitioned runner does not wait for the driver's timeouts, longer than a lease, while its roles run on).
    /// </summary>
    public async Task<LeaderTerm?> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _startedAt ??= now;
        LeaderTerm? term;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Term is { DatabaseTime: true })
        {
            bounded.CancelAfter(Renewal);
        }

        try
        {
            await store.HeartbeatAsync(new RunnerRecord
            {
                RunnerId = worker.Id, Host = System.Environment.MachineName, Pid = System.Environment.ProcessId, StartedAt = _startedAt.Value, LastSeenAt = now,
            }, bounded.Token).ConfigureAwait(false);
            term = await store.TryAcquireOrRenewAsync(LeaderRoles.Singletons, worker.Id, now, options.ClaimLease, election.Guarded, bounded.Token).ConfigureAwait(false);
            outage.Reached();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A term under the database's session lock ends at once: the lock's session is unproven, so another runner may
            // hold the lock already (it still waits for the term's expiry before it takes the term, by then this one stopped).
            var held = Term;
            term = held is { DatabaseTime: false } && held.ExpiresAt >= time.GetUtcNow() ? held : null;
            var absorbed = outage.Absorbed(e); // a database out of reach is said once per outage, not at every renewal
            if (!absorbed || (held is not null && term is null)) // losing the lead is always said
            {
                var error = e is OperationCanceledException ? $"no answer within {Renewal.TotalMilliseconds:F0} ms" : e.Message;
                logger.LogWarning("Leader term: could not renew ({Error}); {Outcome}", error,
                    term is not null ? $"still leading until {term.ExpiresAt:u}"
                    : held is { DatabaseTime: true } ? "this runner stops leading at once (its lock session on the database is lost or unproven)"
                    : "this runner no longer leads");
            }
        }

        var previous = Interlocked.Exchange(ref _term, term);
        if (term is not null && term.Epoch != previous?.Epoch)
        {
            logger.LogInformation("Leader term: this runner ({Runner}) leads the single-instance roles, epoch {Epoch}", worker.Id, term.Epoch);
            await ForgetDeadRunnersAsync(now, cancellationToken).ConfigureAwait(false);
        }
        else if (term is null && previous is not null)
        {
            logger.LogWarning("Leader term: this runner ({Runner}) no longer leads (epoch {Epoch}); its single-instance roles stop", worker.Id, previous.Epoch);
        }

        return term;
    }

    /// <summary>How long a silent runner stays listed (<c>cluster runners</c>) before a new leader forgets it.</summary>
    public const int ForgetAfterLeases = 100;

    /// <summary>A new leader forgets the rows of runners silent for <see cref="ForgetAfterLeases"/> leases (killed long ago).</summary>
    private async Task ForgetDeadRunnersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var forgotten = await store.ForgetRunnersAsync(now, options.ClaimLease * ForgetAfterLeases, cancellationToken).ConfigureAwait(false);
            if (forgotten > 0)
            {
                logger.LogInformation("Leader term: forgot {Count} runners silent for more than {Leases} leases", forgotten, ForgetAfterLeases);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Leader term: could not forget long-silent runners ({Error}); tried again at the next term", e.Message);
        }
    }

    /// <summary>The term of <paramref name="epoch"/> turned out stale (a write was refused): this runner no longer leads under it.</summary>
    public void Lost(long epoch)
    {
        var held = Term;
        if (held is not null && held.Epoch == epoch)
        {
            Interlocked.CompareExchange(ref _term, null, held);
        }
    }

    /// <summary>A clean stop: releases the term (another runner acquires it at once) and removes this runner's row.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Interlocked.Exchange(ref _term, null) is { } term)
            {
                await store.ReleaseAsync(term, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            if (_startedAt is not null)
            {
                await store.RemoveRunnerAsync(worker.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Leader term: could not release on stop ({Error}); it expires by itself", e.Message);
        }
    }
}
