using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Host.Leadership;

/// <summary>Issue 13: the runners, their heartbeats and the leader of the single-instance roles, read at <paramref name="At"/>.</summary>
public sealed record RunnersView(DateTimeOffset At, LeaderView? Leader, IReadOnlyList<RunnerView> Runners)
{
    /// <summary>Reads the runners and the term; a heartbeat older than <paramref name="lease"/> is silent.</summary>
    public static async Task<RunnersView> ReadAsync(ILeaderStore store, TimeProvider time, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var term = await store.GetTermAsync(LeaderRoles.Singletons, cancellationToken).ConfigureAwait(false);
        var runners = await store.ListRunnersAsync(cancellationToken).ConfigureAwait(false);
        var now = await store.ClockAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false); // the clock heartbeats are dated by
        var holder = term is null ? null : LeaderTermRule.HolderAt(new LeaderTermState(term.Holder, term.Epoch, term.ExpiresAt), now);
        var leader = term is null ? null : new LeaderView(term.Role, term.Holder, term.Epoch, term.ExpiresAt, holder is not null);
        return new RunnersView(now, leader, runners.Select(r => new RunnerView(
            r.RunnerId, r.Host, r.Pid, r.StartedAt, r.LastSeenAt, Math.Round(Math.Max(0, (now - r.LastSeenAt).TotalSeconds), 1),
            now - r.LastSeenAt > lease, string.Equals(r.RunnerId, holder, StringComparison.Ordinal))).ToList());
    }
}
