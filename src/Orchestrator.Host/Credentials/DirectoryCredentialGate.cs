using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Credentials;

/// <summary>
/// The engine's view of the directory credentials (S15) over the real store and the Data Protection key ring outside the
/// database (<see cref="DirectoryCredentialCheck"/>): every move is judged here before it starts, and the step that moves
/// users opens the account here at run time. A refusal is the Domain rule's message, which names `credentials set`.
/// </summary>
public sealed class DirectoryCredentialGate(DirectoryCredentialCheck check) : IDirectoryCredentialGate
{
    public Task<DirectoryCredentialsVerdict> CheckAsync(string purpose, CancellationToken cancellationToken) =>
        check.CheckAsync(purpose, cancellationToken);

    public async Task<DirectoryAccount> OpenAsync(string purpose, CancellationToken cancellationToken)
    {
        var (verdict, account) = await check.OpenAsync(purpose, cancellationToken).ConfigureAwait(false);
        return account ?? throw new BadInputException(verdict.Refusal!);
    }
}
