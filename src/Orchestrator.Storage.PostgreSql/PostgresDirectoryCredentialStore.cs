using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>The directory credentials in PostgreSQL (directory_credentials, one row at most), written with their audit row.</summary>
public sealed class PostgresDirectoryCredentialStore(PostgresConnectionFactory factory) : IDirectoryCredentialStore
{
    public async Task<DirectoryCredentials?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT user_name, protected_password, set_at, set_by FROM directory_credentials WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DirectoryCredentials(reader.GetString(0), reader.GetString(1), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)), reader.GetString(3))
            : null;
    }

    public async Task SetAsync(DirectoryCredentials credentials, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO directory_credentials (id, user_name, protected_password, set_at, set_by) VALUES (1, @User, @ProtectedPassword, @at, @SetBy)
            ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, protected_password = excluded.protected_password,
                set_at = excluded.set_at, set_by = excluded.set_by
            """,
            new { credentials.User, credentials.ProtectedPassword, at = PgInstant.Of(credentials.SetAt), credentials.SetBy }, tx).ConfigureAwait(false);
        await PostgresAuditWriter.AppendAsync(connection, tx, [audit]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        factory.AuditLinker.Nudge();
    }
}
