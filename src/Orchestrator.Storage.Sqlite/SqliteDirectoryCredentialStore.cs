using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The directory credentials in SQLite (directory_credentials, one row at most), written with their audit row.</summary>
public sealed class SqliteDirectoryCredentialStore(SqliteConnectionFactory factory) : IDirectoryCredentialStore
{
    public async Task<DirectoryCredentials?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string User, string Protected, string SetAt, string SetBy)>(
            "SELECT user_name, protected_password, set_at, set_by FROM directory_credentials WHERE id = 1").ConfigureAwait(false);
        return rows.Select(r => new DirectoryCredentials(r.User, r.Protected, ParseInstant(r.SetAt), r.SetBy)).FirstOrDefault();
    }

    public async Task SetAsync(DirectoryCredentials credentials, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        await connection.ExecuteAsync(
            """
            INSERT INTO directory_credentials (id, user_name, protected_password, set_at, set_by) VALUES (1, @User, @ProtectedPassword, @at, @SetBy)
            ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, protected_password = excluded.protected_password,
                set_at = excluded.set_at, set_by = excluded.set_by
            """,
            new { credentials.User, credentials.ProtectedPassword, at = Format(credentials.SetAt), credentials.SetBy }, tx).ConfigureAwait(false);
        await SqliteAuditWriter.AppendAsync(connection, tx, [audit]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
