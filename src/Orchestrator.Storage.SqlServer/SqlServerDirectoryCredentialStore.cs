using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The directory credentials in SQL Server (directory_credentials, one row at most), written with their audit row; the
/// upsert holds the key (UPDLOCK, SERIALIZABLE), so two operators setting them at once meet there, not in an error.
/// </summary>
public sealed class SqlServerDirectoryCredentialStore(SqlServerConnectionFactory factory) : IDirectoryCredentialStore
{
    public async Task<DirectoryCredentials?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("SELECT user_name, protected_password, set_at, set_by FROM directory_credentials WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DirectoryCredentials(reader.GetString(0), reader.GetString(1), reader.GetDateTimeOffset(2).ToUniversalTime(), reader.GetString(3))
            : null;
    }

    public async Task SetAsync(DirectoryCredentials credentials, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE directory_credentials WITH (UPDLOCK, SERIALIZABLE)
                SET user_name = @User, protected_password = @ProtectedPassword, set_at = @at, set_by = @SetBy WHERE id = 1;
            IF @@ROWCOUNT = 0
                INSERT INTO directory_credentials (id, user_name, protected_password, set_at, set_by) VALUES (1, @User, @ProtectedPassword, @at, @SetBy);
            """,
            new { credentials.User, credentials.ProtectedPassword, at = SqlInstant.Of(credentials.SetAt), credentials.SetBy }, tx).ConfigureAwait(false);
        await SqlServerAuditWriter.AppendAsync(connection, tx, [audit]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
