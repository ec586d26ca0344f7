using Dapper;
using Orchestrator.Storage.Rows;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Failed user moves in PostgreSQL. One open failure per user name (the partial unique index, named as the insert's
/// conflict target); a resolve matches the name without case, as SQLite's (NOCASE) does.
/// </summary>
public sealed class PostgresFailedUserMoveStore(PostgresConnectionFactory factory) : IFailedUserMoveStore
{
    public async Task RecordAsync(FailedUserMove failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var f = failure;
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO failed_user_moves (procedure_id, hierarchy, user_name, domain, from_server, to_server, error, recorded_at)
            VALUES (@ProcedureId, @Hierarchy, @UserName, @Domain, @FromServer, @ToServer, @Error, @At)
            ON CONFLICT (user_name) WHERE resolved_at IS NULL DO NOTHING
            """,
            new { f.ProcedureId, f.Hierarchy, f.UserName, f.Domain, f.FromServer, f.ToServer, f.Error, At = PgInstant.Of(f.RecordedAt) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedUserMove>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<FailedUserMove>(connection, "SELECT * FROM failed_user_moves WHERE resolved_at IS NULL ORDER BY id").ConfigureAwait(false);
    }

    public async Task ResolveAsync(string userName, long resolvedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE failed_user_moves SET resolved_at = @at, resolved_by = @resolvedBy WHERE lower(user_name) = lower(@userName) AND resolved_at IS NULL",
            new { userName, resolvedBy, at = PgInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedUserMove>> ListResolvedByAsync(long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<FailedUserMove>(
            connection, "SELECT * FROM failed_user_moves WHERE resolved_by = @procedureId ORDER BY id", new { procedureId }).ConfigureAwait(false);
    }
}
