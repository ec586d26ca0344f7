using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Rows;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Failed user moves in SQL Server. One open failure per user name (the filtered unique index ux_failed_user_moves_open):
/// recording it again inserts nothing, and a concurrent insert that meets the index anyway is taken as "already
/// recorded"; names compare without case (the database's collation), as SQLite's NOCASE does.
/// </summary>
public sealed class SqlServerFailedUserMoveStore(SqlServerConnectionFactory factory) : IFailedUserMoveStore
{
    private const string OneOpenFailurePerUser = "ux_failed_user_moves_open";

    public async Task RecordAsync(FailedUserMove failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var f = failure;
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO failed_user_moves (procedure_id, hierarchy, user_name, domain, from_server, to_server, error, recorded_at)
                SELECT @ProcedureId, @Hierarchy, @UserName, @Domain, @FromServer, @ToServer, @Error, @At
                 WHERE NOT EXISTS (SELECT 1 FROM failed_user_moves WITH (UPDLOCK, HOLDLOCK) WHERE user_name = @UserName AND resolved_at IS NULL)
                """,
                new { f.ProcedureId, f.Hierarchy, f.UserName, f.Domain, f.FromServer, f.ToServer, f.Error, At = SqlInstant.Of(f.RecordedAt) }).ConfigureAwait(false);
        }
        catch (SqlException e) when (e.IsUniqueViolation(OneOpenFailurePerUser))
        {
            // Recorded meanwhile by another writer: one open failure per user, as asked.
        }
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
            "UPDATE failed_user_moves SET resolved_at = @at, resolved_by = @resolvedBy WHERE user_name = @userName AND resolved_at IS NULL",
            new { userName, resolvedBy, at = SqlInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedUserMove>> ListResolvedByAsync(long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<FailedUserMove>(
            connection, "SELECT * FROM failed_user_moves WHERE resolved_by = @procedureId ORDER BY id", new { procedureId }).ConfigureAwait(false);
    }
}
