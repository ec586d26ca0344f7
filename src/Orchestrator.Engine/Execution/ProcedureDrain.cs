using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Issue 12 point 4, the one place a cancel or a suspension takes effect. A procedure cancelled (or suspended for a
/// failover) while a step runs is <see cref="ProcedureStates.Cancelling"/> (<see cref="ProcedureStates.Suspending"/>):
/// still active, so its hierarchy stays taken. Whichever worker next reports for that step — its outcome committed, given
/// back to wait or retry, failed, past MAXWAIT, or claimed anew after its worker died — calls <see cref="TryFinishAsync"/>,
/// which commits the step's result, the end state, the report (where every resource is) and the placement in one
/// transaction. A procedure with no running step ends at once, its report observed first (<see cref="ObserveAsync"/>).
/// </summary>
public sealed class ProcedureDrain(IProcedureStore store, TransitionFactory transitions, IHierarchyObserver observer, TimeProvider time, ILogger<ProcedureDrain> logger)
{
    /// <summary>Where the hierarchy's resources are now.</summary>
    public async Task<DrainReport> ObserveAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var inService = await observer.InServiceNodesAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        var resources = await observer.DescribeResourcesAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        return new DrainReport(hierarchy, inService, resources);
    }

    /// <summary>"step 7 (service.start MSExchangeIS on node2)": how refusals and audit rows name a step.</summary>
    public static string Describe(StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return $"step {step.Seq} ({step.Action} {step.Target} on {step.Node})";
    }

    /// <summary>
    /// When procedure <paramref name="procedureId"/> is draining, ends the drain: the step gets <paramref name="result"/>
    /// when that is done (with its outcome), else cancelled — or planned again for a suspension, so a resume runs it — and
    /// the procedure its end state, with the report and the placement, in one transaction on behalf of
    /// <paramref name="claim"/>. Returns false, and changes nothing, when it is not draining (or another report won).
    /// </summary>
    public async Task<bool> TryFinishAsync(long procedureId, StepChange result, StepClaim? claim, string outcome, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var current = await store.GetAsync(procedureId, cancellationToken).ConfigureAwait(false);
        if (current is null || !current.IsActive || !ProcedureStates.IsDraining(current.State))
        {
            return false;
        }

        var report = await ObserveAsync(current.Hierarchy, cancellationToken).ConfigureAwait(false);
        var version = current.Version;
        var (from, to) = transitions.Fire(current, ProcedureTriggers.StepReported, new MachineInputs());
        var cancelled = to == ProcedureStates.Cancelled;
        var change = result.NewStatus == StepStatus.Done ? result : new StepChange(result.Seq, cancelled ? StepStatus.Cancelled : StepStatus.Planned, result.Error);
        var now = time.GetUtcNow();
        var verb = cancelled ? "cancelled" : "suspended";
        var reason = $"{verb} after step {result.Seq} reported ({outcome}); {report}";
        var commit = new TransitionCommit(current.Id, from, version, to, false, current.ResumeState, current.LastError, [change],
            [TransitionFactory.Audit(current, from, to, ProcedureTriggers.StepReported, actor, reason, now)],
            cancelled ? new PlacementChange(current.Hierarchy, report.PlacedOn) : null, now, HeldClaim: claim);
        var committed = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        if (committed.Committed)
        {
            logger.LogInformation("Procedure {ProcedureId} {Kind} of {Hierarchy} {State} after step {Step} reported", current.Id, current.Kind, current.Hierarchy, to, result.Seq);
        }

        return committed.Committed;
    }
}
