using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>
/// S10 repair, when the procedure runs: homes on the primary (the step's node) each user of the deleted hierarchy's tombstone
/// that the selector takes and that is not back yet (read now, so a resumed run moves only what is left), bound as the
/// directory account of `credentials set` (S15), decrypted at run time. Each move is the directory's idempotent effect.
/// </summary>
public sealed class UsersMoveBackAction(IHierarchyAdministration world, IDirectoryControl directory, IDirectoryCredentialGate credentials) : IStepAction
{
    public string Action => UserMoveBackProcedure.MoveBackAction;

    public string Describe(string node, string target) => $"move the users ({target}) of the deleted hierarchy back to its primary {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var selector = UserSelector.Parse(execution.Step.Target);
        var (primary, hierarchy) = (execution.Step.Node, execution.Procedure.Hierarchy);
        var chosen = await UsersToMoveBack.SelectAsync(world, directory, hierarchy, selector, cancellationToken).ConfigureAwait(false);
        if (chosen.Count == 0)
        {
            execution.Note = $"no user of {hierarchy} ({selector}) is left to move back to {primary}";
            return;
        }

        var account = await StepDirectoryAccount.OpenAsync(credentials, execution, cancellationToken).ConfigureAwait(false);
        var (moved, still) = (new List<string>(), new List<string>());
        foreach (var user in chosen)
        {
            try
            {
                await directory.EnsureUserHomedAsync(user, primary, account, execution.Key, cancellationToken).ConfigureAwait(false);
                moved.Add(user);
            }
            catch (EnvironmentException e) when (e is not StaleClaimException) // a stale claim stops the action: its step is fenced
            {
                still.Add($"{user} ({e.Message})");
            }
        }

        execution.Note = $"moved {moved.Count} user(s) of {hierarchy} back to {primary} ({string.Join(", ", moved)})"
            + (still.Count == 0 ? "" : $"; 28523: still failing: {string.Join("; ", still)}");
        if (still.Count > 0)
        {
            execution.Outcome = moved.Count == 0 ? StepOutcome.NotAchieved : StepOutcome.Partial;
        }
    }
}
