using Dapper;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Leadership;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// Leader terms and runners' heartbeats in SQLite. An acquisition reads the term and writes its successor in one IMMEDIATE
/// transaction, as <see cref="LeaderTermRule"/> decides. In the embedded mode the data directory's runner lock is the guard.
/// </summary>
public sealed class SqliteLeaderStore(SqliteConnectionFactory factory) : ILeaderStore
{
    public async Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        var stored = await SqliteLeaderFence.ReadAsync(connection, tx, role).ConfigureAwait(false);
        var state = stored is null ? null : new LeaderTermState(stored.Holder, stored.Epoch, stored.ExpiresAt);
        if (LeaderTermRule.EpochFor(state, holder, now, guarded) is not { } epoch)
        {
            return null;
        }

        var term = new LeaderTerm(role, epoch, holder, now + lease);
        await connection.ExecuteAsync(
            """
            INSERT INTO leader_terms (role, epoch, holder, acquired_at, renewed_at, expires_at) VALUES (@role, @epoch, @holder, @now, @now, @expiresAt)
            ON CONFLICT (role) DO UPDATE SET epoch = excluded.epoch, holder = excluded.holder, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at,
                acquired_at = CASE WHEN leader_terms.epoch = excluded.epoch THEN leader_terms.acquired_at ELSE excluded.acquired_at END
            """,
            new { role, epoch, holder, now = Format(now), expiresAt = Format(term.ExpiresAt) }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return term;
    }

    public async Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        // Expired from just before now: the next acquisition, at now or later, finds it free (and raises the epoch).
        await connection.ExecuteAsync(
            "UPDATE leader_terms SET expires_at = @end WHERE role = @Role AND epoch = @Epoch AND holder = @Holder",
            new { term.Role, term.Epoch, term.Holder, end = Format(now - TimeSpan.FromTicks(1)) }).ConfigureAwait(false);
    }

    public async Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteLeaderFence.ReadAsync(connection, null, role).ConfigureAwait(false);
    }

    public async Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO runners (runner_id, host, pid, started_at, last_seen_at) VALUES (@RunnerId, @Host, @Pid, @StartedAt, @LastSeenAt)
            ON CONFLICT (runner_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """,
            new { runner.RunnerId, runner.Host, runner.Pid, StartedAt = Format(runner.StartedAt), LastSeenAt = Format(runner.LastSeenAt) }).ConfigureAwait(false);
    }

    public async Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM runners WHERE runner_id = @runnerId", new { runnerId }).ConfigureAwait(false);
    }

    public async Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM runners WHERE last_seen_at < @since", new { since = Format(notSeenSince) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RunnerRecord>("SELECT * FROM runners ORDER BY last_seen_at DESC, runner_id").ConfigureAwait(false);
        return rows.AsList();
    }
}
