using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Credentials;

/// <summary>Issue 16 point 6: the one set of directory credentials, kept in the product's store (password encrypted by the caller).</summary>
public interface IDirectoryCredentialStore
{
    /// <summary>The stored credentials, or null when none were ever set.</summary>
    Task<DirectoryCredentials?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the credentials and appends <paramref name="audit"/> in the same transaction (the audit row names the user, never the password).</summary>
    Task SetAsync(DirectoryCredentials credentials, NewAuditEntry audit, CancellationToken cancellationToken);
}
