using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S15 at run time: the directory account a step that moves mailbox users binds with, decrypted now from the stored
/// credentials. Not set or not decryptable any more (the key ring lost since the launch) fails the step at once — not
/// retried, since retrying cannot fix it — with the rule's message naming `credentials set`, then `procedures retry`.
/// </summary>
internal static class StepDirectoryAccount
{
    public static async Task<DirectoryAccount> OpenAsync(IDirectoryCredentialGate gate, StepExecution execution, CancellationToken cancellationToken)
    {
        var procedure = execution.Procedure;
        try
        {
            return await gate.OpenAsync($"{procedure.Kind} of {procedure.Hierarchy}", cancellationToken).ConfigureAwait(false);
        }
        catch (BadInputException e)
        {
            throw new EnvironmentException($"{e.Message}; then `orchestrator procedures retry {procedure.Id}`", transient: false);
        }
    }
}
