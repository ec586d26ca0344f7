using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// Creates an administration procedure (issue 16), keyed by its hierarchy so that it conflicts with moves of it (refused while
/// another procedure holds the hierarchy, exit 3, and a move is refused while it runs): the world-effect steps, then one
/// <see cref="AdminStepActions.DefinitionStore"/> step; the next definition text goes into the first audit row
/// (<see cref="AdminProposal"/>). Instance, plan and audit row commit in one transaction, only if the hierarchy is still as
/// the caller read it (else <see cref="StalePlanException"/>: plan again, see <see cref="ProcedureLauncher.PlanFromCurrentStateAsync"/>).
/// </summary>
public sealed class AdminProcedureLauncher(IProcedureStore store, HoldingProcedures holders, StepActionCatalog actions, IWorkDispatcher dispatcher, TimeProvider time)
{
    /// <summary>The hierarchy's placement, newest and active procedure; refuses (exit 3) when another procedure holds it.</summary>
    public async Task<HierarchyPicture> TakeAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var picture = await store.GetPictureAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        await holders.ThrowIfHeldAsync(picture.Active, isFailover: false, cancellationToken).ConfigureAwait(false);
        return picture;
    }

    public async Task<AdminStarted> LaunchAsync(AdminLaunch launch, HierarchyPicture picture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(picture);
        var plan = launch.Steps
            .Append(AdminPlan.StoreDefinition(launch.Node, launch.Hierarchy, launch.MaxWaitSeconds))
            .ToList();
        var overridden = launch.Overridden.Select(f => f.Message).ToList();
        var proposal = new AdminProposal(launch.BaseVersion, launch.NextYaml, launch.Source, overridden);
        var now = time.GetUtcNow();
        var why = launch.Reason is { Length: > 0 } given ? $"{launch.Actor} requested `{launch.Source}`: {given}" : $"{launch.Actor} requested `{launch.Source}`";
        var forced = overridden.Count > 0 ? $"; forced (--force) past S6 warning(s): {string.Join("; ", overridden)}" : "";
        var reason = $"{why}{forced}";
        var initial = plan[0].Phase;
        var procedure = new NewProcedure(launch.Kind, launch.Hierarchy, initial, null, launch.PlacedAfter, launch.Actor, reason,
            launch.BaseVersion, now, null, picture.Basis, dispatcher.LaunchMark);
        var audit = new NewAuditEntry(now, null, launch.Kind, launch.Hierarchy, null, initial, "Requested", launch.Actor,
            $"{reason}; plan of {plan.Count} steps", proposal.ToJson(), launch.Node);
        var id = await store.CreateAsync(procedure, plan, audit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit("after-create");
        dispatcher.EnqueueLaunched(id);
        return new AdminStarted(id, launch.Kind, launch.Hierarchy, launch.Node, plan.Count,
            [.. plan.Select(s => actions.Describe(s.Action, s.Node, s.Target))], overridden);
    }
}
