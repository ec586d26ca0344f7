using Dapper;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Leader terms and runners' heartbeats in PostgreSQL. An acquisition locks the role's row FOR UPDATE and writes its
/// successor in the same transaction, as <see cref="LeaderTermRule"/> decides (the first one inserts it; two first
/// candidates meet on the primary key and the loser decides again on the winner's row). The instants are the caller's
/// clock, as on SQLite (the interface passes them, and a fence compares with its own clock), not the database's
/// <c>now()</c>. The guard for a takeover of a live term is <see cref="PostgresLeaderGuard"/>'s advisory lock.
/// </summary>
public sealed class PostgresLeaderStore(PostgresConnectionFactory factory) : ILeaderStore
{
    public async Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var stored = await PostgresLeaderFence.ReadAsync(connection, tx, role, "FOR UPDATE").ConfigureAwait(false);
            var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
            if (LeaderTermRule.EpochFor(state, holder, now, guarded) is not { } epoch)
            {
                return null;
            }

            var term = new LeaderTerm(role, epoch, holder, PgInstant.Stored(now + lease));
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

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return term;
        }
    }

    public async Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Expired from just before now (a microsecond: the column's precision): the next acquisition, at now or later, finds it free.
        await connection.ExecuteAsync(
            "UPDATE leader_terms SET expires_at = @end WHERE role = @Role AND epoch = @Epoch AND holder = @Holder",
            new { term.Role, term.Epoch, term.Holder, end = PgInstant.Of(PgInstant.Stored(now) - TimeSpan.FromMicroseconds(1)) }).ConfigureAwait(false);
    }

    public async Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresLeaderFence.ReadAsync(connection, null, role).ConfigureAwait(false);
    }

    public async Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO runners (runner_id, host, pid, started_at, last_seen_at) VALUES (@RunnerId, @Host, @Pid, @StartedAt, @LastSeenAt)
            ON CONFLICT (runner_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """,
            new { runner.RunnerId, runner.Host, runner.Pid, StartedAt = PgInstant.Of(runner.StartedAt), LastSeenAt = PgInstant.Of(runner.LastSeenAt) }).ConfigureAwait(false);
    }

    public async Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM runners WHERE runner_id = @runnerId", new { runnerId }).ConfigureAwait(false);
    }

    public async Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM runners WHERE last_seen_at < @since", new { since = PgInstant.Of(notSeenSince) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<RunnerRecord>(connection, "SELECT * FROM runners ORDER BY last_seen_at DESC, runner_id").ConfigureAwait(false);
    }
}
