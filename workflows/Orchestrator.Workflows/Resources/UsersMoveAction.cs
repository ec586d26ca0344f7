using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Users;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S22: re-homes every mailbox user homed on the step's target server to the step's node. Users already moved
/// (by an earlier, interrupted run) are no longer homed there and are not moved again. A user that fails to move
/// does not stop the procedure: it is recorded (message 28523) for `orchestrator users move`. Each move binds as the
/// directory account of `credentials set` (S15), decrypted at run time; only its user reaches the directory's record.
/// </summary>
public sealed class UsersMoveAction(IDirectoryControl directory, IDirectoryCredentialGate credentials, IFailedUserMoveStore failures) : IStepAction
{
    public string Action => StepActions.UsersMove;

    public string Describe(string node, string target) => $"move the mailbox users homed on {target} to {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var (to, from) = (execution.Step.Node, execution.Step.Target);
        var account = await StepDirectoryAccount.OpenAsync(credentials, execution, cancellationToken).ConfigureAwait(false);
        var failed = new List<string>();
        foreach (var user in await directory.UsersHomedOnAsync(from, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await directory.EnsureUserHomedAsync(user, to, account, execution.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (EnvironmentException e) when (e is not StaleClaimException) // a stale claim stops the action: its step is fenced
            {
                failed.Add(user);
                await failures.RecordAsync(new FailedUserMove
                {
                    ProcedureId = execution.Procedure.Id, Hierarchy = execution.Procedure.Hierarchy, UserName = user,
                    Domain = await directory.DomainOfAsync(user, cancellationToken).ConfigureAwait(false),
                    FromServer = from, ToServer = to, Error = e.Message, RecordedAt = execution.Time.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        // The note says what holds now, not what this attempt did: a run resumed after a crash finds the users
        // already moved (the world has them, each once) and must write the same journal as an uninterrupted run.
        execution.Note = failed.Count == 0
            ? $"no mailbox user is left on {from}"
            : $"28523: {failed.Count} user(s) failed to move ({string.Join(", ", failed)}) and stay on {from}; see `orchestrator users failed`, retry with `orchestrator users move`";
        execution.Outcome = failed.Count == 0 ? null : StepOutcome.Partial; // the hierarchy moved; these users did not
    }
}
