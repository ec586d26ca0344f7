using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Admission;

/// <summary>
/// S15: the directory credentials as the engine sees them — judged by the Domain's <see cref="DirectoryCredentialsRule"/>
/// on the stored account and the key ring (<see cref="CheckAsync"/>), or opened for the directory change itself
/// (<see cref="OpenAsync"/>). Implemented by the host over the real credential store and Data Protection key ring.
/// </summary>
public interface IDirectoryCredentialGate
{
    /// <summary>The rule's verdict now; <paramref name="purpose"/> says what needs them ("failover of exch1"). Nothing decrypted is kept.</summary>
    Task<DirectoryCredentialsVerdict> CheckAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>
    /// The decrypted account for one directory change, or a <see cref="Errors.BadInputException"/> carrying the rule's
    /// refusal (it names `orchestrator credentials set --user …`) when it is not set or does not decrypt.
    /// </summary>
    Task<DirectoryAccount> OpenAsync(string purpose, CancellationToken cancellationToken);
}
