using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Host.Credentials;

/// <summary>
/// Sets the directory account (S15): encrypts the password with the key ring outside the database, and stores the user,
/// the ciphertext and an audit row naming the user (never the password) in one transaction. The one way credentials are
/// written: `credentials set`, the `demo` command and the test fixtures all come here.
/// </summary>
public sealed class DirectoryCredentialWriter(IDirectoryCredentialStore store, DirectoryCredentialProtector protector, TimeProvider time)
{
    /// <summary>The key ring the password is encrypted with.</summary>
    public string KeysDirectory => protector.KeysDirectory;

    /// <summary>Replaces the credentials with <paramref name="user"/> and <paramref name="password"/>, set by <paramref name="actor"/>; returns when.</summary>
    public async Task<DateTimeOffset> SetAsync(string user, string password, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var at = time.GetUtcNow();
        var reason = $"directory credentials set for {user} (password encrypted with the key ring in {protector.KeysDirectory})";
        await store.SetAsync(
            new DirectoryCredentials(user, protector.Protect(password), at, actor),
            new NewAuditEntry(at, null, "credentials", null, null, null, "Set", actor, reason),
            cancellationToken).ConfigureAwait(false);
        return at;
    }
}
