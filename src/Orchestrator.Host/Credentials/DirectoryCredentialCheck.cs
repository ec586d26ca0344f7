using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Host.Credentials;

/// <summary>
/// Gathers what <see cref="DirectoryCredentialsRule"/> judges: the stored credentials and whether their password
/// decrypts with the key ring. Called before any directory work starts (a failover, switchover or failback that moves
/// mailbox users), so a refusal changes nothing. The decrypted password is dropped at once.
/// </summary>
public sealed class DirectoryCredentialCheck(IDirectoryCredentialStore store, DirectoryCredentialProtector protector)
{
    /// <summary>What is known of the credentials now.</summary>
    public async Task<DirectoryCredentialsObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new(null, protector.KeysDirectory, protector.KeyRingPresent, null);
        }

        if (!protector.KeyRingPresent)
        {
            return new(stored.User, protector.KeysDirectory, false, null);
        }

        return new(stored.User, protector.KeysDirectory, true, protector.TryUnprotect(stored.ProtectedPassword) is not null);
    }

    /// <summary>
    /// The rule's verdict for <paramref name="purpose"/> and, when usable, the decrypted account for the one directory
    /// change about to be made (null otherwise). The caller hands it to the directory port and keeps it nowhere.
    /// </summary>
    public async Task<(DirectoryCredentialsVerdict Verdict, DirectoryAccount? Account)> OpenAsync(string purpose, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        var keyRing = protector.KeyRingPresent;
        var password = stored is not null && keyRing ? protector.TryUnprotect(stored.ProtectedPassword) : null;
        var observation = new DirectoryCredentialsObservation(stored?.User, protector.KeysDirectory, keyRing, stored is not null && keyRing ? password is { Length: > 0 } : null);
        var verdict = DirectoryCredentialsRule.Evaluate(observation, purpose);
        return (verdict, verdict.Usable ? new DirectoryAccount(stored!.User, password!) : null);
    }

    /// <summary>The rule's verdict for <paramref name="purpose"/> ("failover of exch1").</summary>
    public async Task<DirectoryCredentialsVerdict> CheckAsync(string purpose, CancellationToken cancellationToken) =>
        DirectoryCredentialsRule.Evaluate(await ObserveAsync(cancellationToken).ConfigureAwait(false), purpose);
}
