using System.Collections.Concurrent;
using Dapper;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Leader terms and runners' heartbeats in PostgreSQL. An acquisition locks the role's row FOR UPDATE and writes its
/// successor in the same transaction (the first one inserts it; two first candidates meet on the primary key and the
/// loser decides again on the winner's row); every new epoch is also recorded in leader_term_history (who held which epoch).
/// <para>
/// In production (<see cref="Guarded"/>) the runner asks only while it holds the role's advisory lock
/// (<see cref="PostgresLeaderGuard"/>, a session of its own), and the instants are the database's clock
/// (<c>clock_timestamp()</c>), whatever the runners' clocks say: <see cref="LeaderTermRule.GuardedEpochFor"/> decides.
/// The lock decides who may ask (one live session), the term row decides when (another runner's term only once expired)
/// and its epoch fences every decision (<see cref="PostgresLeaderFence"/>). Built with the factory alone, the store
/// takes the caller's instants and <c>guarded</c> flag (<see cref="LeaderTermRule.EpochFor"/>), as on SQLite: the
/// contract tests drive it so.
/// </para>
/// </summary>
public sealed class PostgresLeaderStore : ILeaderStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresConnectionFactory _factory;
    private readonly bool _guarded;
    private readonly ConcurrentDictionary<string, PostgresLeaderGuard> _guards = new(StringComparer.Ordinal);

    // Per role: the epoch this runner last acquired or renewed and the lock session it held then.
    private readonly ConcurrentDictionary<string, (long Epoch, long Session)> _heldUnder = new(StringComparer.Ordinal);

    /// <summary>The caller's instants and guard flag (tests of the contract).</summary>
    public PostgresLeaderStore(PostgresConnectionFactory factory)
        : this(factory, guarded: false)
    {
    }

    private PostgresLeaderStore(PostgresConnectionFactory factory, bool guarded)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _guarded = guarded;
    }

    /// <summary>The production store: advisory lock per role, terms in database time.</summary>
    public static PostgresLeaderStore Guarded(PostgresConnectionFactory factory) => new(factory, guarded: true);

    /// <summary>The lock session of <paramref name="role"/>'s guard (null when not guarded or not held): for tests and operators.</summary>
    public int? GuardBackendPid(string role) => _guards.TryGetValue(role, out var guard) ? guard.BackendPid : null;

    public async Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken)
    {
        var holdsLock = false;
        long session = 0;
        if (_guarded)
        {
            // The lock's session ends on the server once idle for a lease: a partitioned leader (which no longer touches it at
            // its ticks) frees the lock about when its term expires, whatever the network does.
            var guard = _guards.GetOrAdd(role, r => new PostgresLeaderGuard(_factory.ConnectionString, r, lease));
            holdsLock = await guard.TryAcquireAsync(cancellationToken).ConfigureAwait(false);
            session = guard.Sessions;
        }

        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var stored = await PostgresLeaderFence.ReadAsync(connection, tx, role, "FOR UPDATE").ConfigureAwait(false);
            var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
            long? decided;
            if (_guarded)
            {
                now = await PostgresLeaderFence.DatabaseNowAsync(connection, tx).ConfigureAwait(false);
                var heldSinceTerm = stored is not null && _heldUnder.TryGetValue(role, out var under) && under == (stored.Epoch, session);
                decided = LeaderTermRule.GuardedEpochFor(state, holder, now, holdsLock, heldSinceTerm);
            }
            else
            {
                decided = LeaderTermRule.EpochFor(state, holder, now, guarded);
            }

            if (decided is not { } epoch)
            {
                return null;
            }

            var term = new LeaderTerm(role, epoch, holder, PgInstant.Stored(now + lease), _guarded);
            var parameters = new { role, epoch, holder, now = PgInstant.Of(now), expiresAt = PgInstant.Of(term.ExpiresAt) };
            var written = stored is null
                ? await connection.ExecuteAsync(
                    """
                    INSERT INTO leader_terms (role, epoch, holder, acquired_at, renewed_at, expires_at) VALUES (@role, @epoch, @holder, @now, @now, @expiresAt)
                    ON CONFLICT (role) DO NOTHING
                    """, parameters, tx).ConfigureAwait(false)
                : await connection.ExecuteAsync(
                    """
                    UPDATE leader_terms SET epoch = @epoch, holder = @holder, renewed_at = @now, expires_at = @expiresAt,
                           acquired_at = CASE WHEN epoch = @epoch THEN acquired_at ELSE @now END
                     WHERE role = @role
                    """, parameters, tx).ConfigureAwait(false);
            if (written == 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue; // another first candidate inserted the row meanwhile: decide again on it
            }

            if (epoch != stored?.Epoch)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO leader_term_history (role, epoch, holder, acquired_at) VALUES (@role, @epoch, @holder, @now) ON CONFLICT DO NOTHING",
                    parameters, tx).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            _heldUnder[role] = (epoch, session);
            return term;
        }
    }

    public async Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        _heldUnder.TryRemove(term.Role, out _);
        try
        {
            await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Expired from just before now (a microsecond: the column's precision): the next acquisition, at now or later, finds it free.
            var end = _guarded ? "clock_timestamp() - interval '1 microsecond'" : "@end";
            await connection.ExecuteAsync(
                $"UPDATE leader_terms SET expires_at = {end} WHERE role = @Role AND epoch = @Epoch AND holder = @Holder",
                new { term.Role, term.Epoch, term.Holder, end = PgInstant.Of(PgInstant.Stored(now) - TimeSpan.FromMicroseconds(1)) }).ConfigureAwait(false);
        }
        finally
        {
            if (_guards.TryGetValue(term.Role, out var guard))
            {
                await guard.ReleaseAsync().ConfigureAwait(false); // after the term ended: the next runner's lock finds it free
            }
        }
    }

    public async Task<DateTimeOffset> NowAsync(LeaderTerm term, DateTimeOffset callerNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (!term.DatabaseTime)
        {
            return callerNow;
        }

        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresLeaderFence.DatabaseNowAsync(connection, null).ConfigureAwait(false);
    }

    public async Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresLeaderFence.ReadAsync(connection, null, role).ConfigureAwait(false);
    }

    public async Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO runners (runner_id, host, pid, started_at, last_seen_at) VALUES (@RunnerId, @Host, @Pid, lease_clock(@StartedAt), lease_clock(@LastSeenAt))
            ON CONFLICT (runner_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """,
            new { runner.RunnerId, runner.Host, runner.Pid, StartedAt = PgInstant.Of(runner.StartedAt), LastSeenAt = PgInstant.Of(runner.LastSeenAt) }).ConfigureAwait(false);
    }

    public async Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM runners WHERE runner_id = @runnerId", new { runnerId }).ConfigureAwait(false);
    }

    /// <summary>An instant on the caller's clock, compared with heartbeats dated by the database's: the host gives a silence instead (the overload with a span).</summary>
    public async Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM runners WHERE last_seen_at < @since", new { since = PgInstant.Of(notSeenSince) }).ConfigureAwait(false);
    }

    /// <summary>Silent for longer than <paramref name="silentFor"/> by the database's clock (<c>lease_clock</c>), whatever <paramref name="now"/> says.</summary>
    public async Task<int> ForgetRunnersAsync(DateTimeOffset now, TimeSpan silentFor, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM runners WHERE last_seen_at < lease_clock(@now) - make_interval(secs => @silent)",
            new { now = PgInstant.Of(now), silent = silentFor.TotalSeconds }).ConfigureAwait(false);
    }

    /// <summary>The database's clock (<c>lease_clock</c>), by which heartbeats are dated.</summary>
    public async Task<DateTimeOffset> ClockAsync(DateTimeOffset callerNow, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PgClock.ReadAsync(connection, callerNow).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<RunnerRecord>(connection, "SELECT * FROM runners ORDER BY last_seen_at DESC, runner_id").ConfigureAwait(false);
    }

    /// <summary>Gives every advisory lock back (closing its session).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var guard in _guards.Values)
        {
            await guard.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
