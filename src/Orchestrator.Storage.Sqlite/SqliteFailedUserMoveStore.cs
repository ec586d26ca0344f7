using Dapper;
using Orchestrator.Storage.Users;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Failed user moves in SQLite.</summary>
public sealed class SqliteFailedUserMoveStore(SqliteConnectionFactory factory) : IFailedUserMoveStore
{
    public async Task RecordAsync(FailedUserMove f, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO failed_user_moves (procedure_id, hierarchy, user_name, domain, from_server, to_server, error, recorded_at)
            VALUES (@ProcedureId, @Hierarchy, @UserName, @Domain, @FromServer, @ToServer, @Error, @At)
            ON CONFLICT (user_name) WHERE resolved_at IS NULL DO NOTHING
            """,
            new { f.ProcedureId, f.Hierarchy, f.UserName, f.Domain, f.FromServer, f.ToServer, f.Error, At = Format(f.RecordedAt) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedUserMove>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<FailedUserMove>("SELECT * FROM failed_user_moves WHERE resolved_at IS NULL ORDER BY id").ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task ResolveAsync(string userName, long resolvedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE failed_user_moves SET resolved_at = @at, resolved_by = @resolvedBy WHERE user_name = @userName COLLATE NOCASE AND resolved_at IS NULL",
            new { userName, resolvedBy, at = Format(at) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedUserMove>> ListResolvedByAsync(long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<FailedUserMove>(
            "SELECT * FROM failed_user_moves WHERE resolved_by = @procedureId ORDER BY id", new { procedureId }).ConfigureAwait(false);
        return rows.AsList();
    }
}
