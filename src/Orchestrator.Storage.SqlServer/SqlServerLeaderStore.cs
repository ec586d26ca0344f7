using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Leader terms and runners' heartbeats in SQL Server, the twin of <c>PostgresLeaderStore</c>. An acquisition reads the
/// role's row WITH (UPDLOCK, HOLDLOCK) (a key-range lock even when the row is missing, so two first candidates queue there)
/// and writes its successor in the same transaction; every new epoch is also recorded in leader_term_history.
/// <para>
/// In production (<see cref="Guarded"/>) the runner asks only while it holds the role's application lock
/// (<see cref="SqlServerLeaderGuard"/>, a session of its own), and the instants are SQL Server's clock
/// (<c>SYSUTCDATETIME()</c>), whatever the runners' clocks say: <see cref="LeaderTermRule.GuardedEpochFor"/> decides.
/// Built with the factory alone, the store takes the caller's instants and <c>guarded</c> flag
/// (<see cref="LeaderTermRule.EpochFor"/>), as on SQLite: the contract tests drive it so.
/// </para>
/// </summary>
public sealed class SqlServerLeaderStore : ILeaderStore, IAsyncDisposable, IDisposable
{
    /// <summary>Unique violations of a first insert and deadlocks: the transaction is decided again.</summary>
    private static readonly int[] Retried = [SqlErrors.UniqueIndexViolation, SqlErrors.UniqueConstraintViolation, 1205];

    private const string InsertTermSql =
        """
        INSERT INTO leader_terms (role, epoch, holder, acquired_at, renewed_at, expires_at) VALUES (@role, @epoch, @holder, @now, @now, @expiresAt)
        """;

    private const string UpdateTermSql =
        """
        UPDATE leader_terms SET acquired_at = CASE WHEN epoch = @epoch THEN acquired_at ELSE @now END,
               epoch = @epoch, holder = @holder, renewed_at = @now, expires_at = @expiresAt
         WHERE role = @role
        """;

    private const string InsertHistorySql =
        """
        INSERT INTO leader_term_history (role, epoch, holder, acquired_at)
        SELECT @role, @epoch, @holder, @now
         WHERE NOT EXISTS (SELECT 1 FROM leader_term_history WHERE role = @role AND epoch = @epoch)
        """;

    private const string HeartbeatSql =
        """
        UPDATE runners SET last_seen_at = @LastSeenAt WHERE runner_id = @RunnerId;
        IF @@ROWCOUNT = 0
            INSERT INTO runners (runner_id, host, pid, started_at, last_seen_at) VALUES (@RunnerId, @Host, @Pid, @StartedAt, @LastSeenAt);
        """;

    /// <summary>A clean stop on the caller's clock: expired from just before @end.</summary>
    private const string ReleaseSql = "UPDATE leader_terms SET expires_at = @end WHERE role = @Role AND epoch = @Epoch AND holder = @Holder";

    /// <summary>A clean stop in SQL Server's time: expired from 100 ns (the column's precision) before now.</summary>
    private const string ReleaseGuardedSql =
        "UPDATE leader_terms SET expires_at = DATEADD(nanosecond, -100, TODATETIMEOFFSET(SYSUTCDATETIME(), 0)) WHERE role = @Role AND epoch = @Epoch AND holder = @Holder";

    private readonly SqlServerConnectionFactory _factory;
    private readonly bool _guarded;
    private readonly ConcurrentDictionary<string, SqlServerLeaderGuard> _guards = new(StringComparer.Ordinal);

    // Per role: the epoch this runner last acquired or renewed and the lock session it held then.
    private readonly ConcurrentDictionary<string, (long Epoch, long Session)> _heldUnder = new(StringComparer.Ordinal);

    /// <summary>The caller's instants and guard flag (tests of the contract).</summary>
    public SqlServerLeaderStore(SqlServerConnectionFactory factory)
        : this(factory, guarded: false)
    {
    }

    private SqlServerLeaderStore(SqlServerConnectionFactory factory, bool guarded)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _guarded = guarded;
    }

    /// <summary>The production store: an application lock per role, terms in SQL Server's time.</summary>
    public static SqlServerLeaderStore Guarded(SqlServerConnectionFactory factory) => new(factory, guarded: true);

    public async Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken)
    {
        var holdsLock = false;
        long session = 0;
        if (_guarded)
        {
            var guard = _guards.GetOrAdd(role, r => new SqlServerLeaderGuard(_factory.ConnectionString, r));
            holdsLock = await guard.TryAcquireAsync(cancellationToken).ConfigureAwait(false);
            session = guard.Sessions;
        }

        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var stored = await SqlServerLeaderFence.ReadAsync(connection, tx, role, SqlServerLeaderFence.ReadForUpdateSql).ConfigureAwait(false);
                var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
                long? decided;
                if (_guarded)
                {
                    now = await SqlServerLeaderFence.DatabaseNowAsync(connection, tx).ConfigureAwait(false);
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

                var term = new LeaderTerm(role, epoch, holder, SqlInstant.Stored(now + lease), _guarded);
                var parameters = new { role, epoch, holder, now = SqlInstant.Of(now), expiresAt = SqlInstant.Of(term.ExpiresAt) };
                await connection.ExecuteAsync(stored is null ? InsertTermSql : UpdateTermSql, parameters, tx).ConfigureAwait(false);
                if (epoch != stored?.Epoch)
                {
                    await connection.ExecuteAsync(InsertHistorySql, parameters, tx).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                _heldUnder[role] = (epoch, session);
                return term;
            }
            catch (SqlException e) when (Retried.Contains(e.Number))
            {
                // Another first candidate inserted the row meanwhile (or a deadlock chose this one): decide again on it.
                await RollbackAsync(tx).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Rolls back, unless the server already did (a deadlock victim's transaction is over: SqlClient then refuses a rollback).</summary>
    private static async Task RollbackAsync(SqlTransaction tx)
    {
        if (tx.Connection is null)
        {
            return;
        }

        try
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Completed by the server meanwhile: nothing to undo.
        }
    }

    public async Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        _heldUnder.TryRemove(term.Role, out _);
        try
        {
            await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Expired from just before now: the next acquisition, at now or later, finds it free.
            await connection.ExecuteAsync(
                _guarded ? ReleaseGuardedSql : ReleaseSql,
                new { term.Role, term.Epoch, term.Holder, end = SqlInstant.Of(SqlInstant.Stored(now) - TimeSpan.FromTicks(1)) }).ConfigureAwait(false);
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
        return await SqlServerLeaderFence.DatabaseNowAsync(connection, null).ConfigureAwait(false);
    }

    public async Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqlServerLeaderFence.ReadAsync(connection, null, role).ConfigureAwait(false);
    }

    public async Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            HeartbeatSql,
            new { runner.RunnerId, runner.Host, runner.Pid, StartedAt = SqlInstant.Of(runner.StartedAt), LastSeenAt = SqlInstant.Of(runner.LastSeenAt) }).ConfigureAwait(false);
    }

    public async Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM runners WHERE runner_id = @runnerId", new { runnerId }).ConfigureAwait(false);
    }

    public async Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM runners WHERE last_seen_at < @since", new { since = SqlInstant.Of(notSeenSince) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<RunnerRecord>(connection, "SELECT * FROM runners ORDER BY last_seen_at DESC, runner_id").ConfigureAwait(false);
    }

    /// <summary>Gives every application lock back (closing its session).</summary>
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
