using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.UserMove;
using static Orchestrator.Workflows.UserMoveBack.UserMoveBackStates;

namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>
/// Creates the S10 repair procedure of one tombstone: keyed by the deleted hierarchy's name (no longer in the definition, so
/// not through <see cref="ProcedureLauncher.ResolveAsync"/>), refused while another procedure holds that name (exit 3) or
/// without usable directory credentials (<see cref="DirectoryCredentialAdmission"/>, before anything is created). Instance,
/// its one step and the audit row commit in one transaction, only if nothing took the name since it was read
/// (else <see cref="StalePlanException"/>: plan again).
/// </summary>
public sealed class UserMoveBackLauncher(
    CurrentDefinition definitions,
    IProcedureStore store,
    HoldingProcedures holders,
    DirectoryCredentialAdmission credentials,
    IWorkDispatcher dispatcher,
    TimeProvider time)
{
    /// <summary>Refuses (bad input, exit 2, naming `credentials set`) when the directory credentials cannot serve the repair of <paramref name="hierarchy"/>.</summary>
    public Task RequireCredentialsAsync(string hierarchy, CancellationToken cancellationToken) =>
        credentials.RequireAsync(UserMoveBackProcedure.KindName, hierarchy, cancellationToken);

    public async Task<ProcedureStarted> LaunchAsync(HierarchyPlacement tombstone, UserSelector selector, IReadOnlyList<string> users, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tombstone);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(users);
        const string kind = UserMoveBackProcedure.KindName;
        var (hierarchy, backup, primary) = (tombstone.Hierarchy, tombstone.Node, tombstone.PrimaryNode);
        await RequireCredentialsAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        var picture = await store.GetPictureAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        await holders.ThrowIfHeldAsync(picture.Active, isFailover: false, cancellationToken).ConfigureAwait(false);
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        List<PlannedStep> plan = [new PlannedStep(MovingUsersBack, UserMoveBackProcedure.MoveBackAction, primary, selector.ToString(), cluster.Settings.MaxWaitSeconds)];
        var reason = $"{actor} requested moving the users of {hierarchy} (deleted while in service on {backup}; {selector}: {string.Join(", ", users)}) back to its primary {primary}";
        var now = time.GetUtcNow();
        // No target node: the procedure moves users, not the hierarchy, so its end records no placement for the deleted name.
        var procedure = new NewProcedure(kind, hierarchy, MovingUsersBack, backup, null, actor, reason, version, now, null, picture.Basis, dispatcher.LaunchMark);
        var audit = new NewAuditEntry(now, null, kind, hierarchy, null, MovingUsersBack, "Requested", actor,
            $"{reason}; plan of {plan.Count} steps", null, TransitionFactory.Nodes(backup, primary));
        var id = await store.CreateAsync(procedure, plan, audit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit("after-create");
        dispatcher.EnqueueLaunched(id);
        return new ProcedureStarted(id, kind, hierarchy, backup, primary, plan.Count);
    }
}
