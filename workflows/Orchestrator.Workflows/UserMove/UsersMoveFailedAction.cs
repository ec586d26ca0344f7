using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Users;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.UserMove;

/// <summary>
/// Moves the recorded failed users the selector takes; a user that moves is resolved, one that fails stays recorded. Each
/// move binds as the directory account of `credentials set` (S15), decrypted at run time.
/// </summary>
public sealed class UsersMoveFailedAction(IDirectoryControl directory, IDirectoryCredentialGate credentials, IFailedUserMoveStore failures) : IStepAction
{
    public string Action => StepActions.UsersMoveFailed;

    public string Describe(string node, string target) => $"move the failed users ({target}) to {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var selector = UserSelector.Parse(execution.Step.Target);
        var server = execution.Step.Node;
        var open = (await failures.ListOpenAsync(cancellationToken).ConfigureAwait(false))
            .Where(f => string.Equals(f.Hierarchy, execution.Procedure.Hierarchy, StringComparison.OrdinalIgnoreCase)
                && string.Equals(f.ToServer, server, StringComparison.OrdinalIgnoreCase)
                && selector.Matches(f.UserName, f.Domain))
            .ToList();
        var account = await StepDirectoryAccount.OpenAsync(credentials, execution, cancellationToken).ConfigureAwait(false);
        var still = new List<string>();
        foreach (var failure in open)
        {
            try
            {
                await directory.EnsureUserHomedAsync(failure.UserName, server, account, execution.Key, cancellationToken).ConfigureAwait(false);
                await failures.ResolveAsync(failure.UserName, execution.Procedure.Id, execution.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (EnvironmentException e) when (e is not StaleClaimException) // a stale claim stops the action: its step is fenced
            {
                still.Add($"{failure.UserName} ({e.Message})");
            }
        }

        // What holds now, whichever attempt moved them: a run resumed after a crash says the same as an uninterrupted one.
        var moved = (await failures.ListResolvedByAsync(execution.Procedure.Id, cancellationToken).ConfigureAwait(false)).Select(f => f.UserName).ToList();
        execution.Note = $"moved {moved.Count} user(s) ({string.Join(", ", moved)})" + (still.Count == 0 ? "" : $"; 28523: still failing: {string.Join("; ", still)}");
        if (still.Count > 0)
        {
            // None of the selected users moved: the request's purpose was not achieved at all; some did: partly.
            execution.Outcome = moved.Count == 0 ? StepOutcome.NotAchieved : StepOutcome.Partial;
        }
    }
}
