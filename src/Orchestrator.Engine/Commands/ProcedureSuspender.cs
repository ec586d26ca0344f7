using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// A failover takes precedence over a procedure that yields to it (a rolling update): the procedure is suspended —
/// inactive, so the failover can start, and resumable where it stopped — in one audited transition, with the report of
/// where every resource is. While one of its steps runs it is <see cref="ProcedureStates.Suspending"/> instead: it keeps
/// the hierarchy until that step has reported (<see cref="ProcedureDrain"/>), and the failover waits for that.
/// </summary>
public sealed class ProcedureSuspender(IProcedureStore store, ProcedureCatalog procedures, TransitionFactory transitions, ProcedureDrain drain, TimeProvider time)
{
    /// <summary>The trigger a yielding procedure's machine permits from its working states and WaitingForOperator.</summary>
    public const string SuspendTrigger = "SuspendedForFailover";

    /// <summary>How often a suspension is taken again when a step committed or was claimed between its read and its commit.</summary>
    private const int Attempts = 3;

    /// <summary>
    /// Suspends the hierarchy's active procedure when it yields to a failover (or starts its drain while a step runs);
    /// returns it as committed (its state says which), or null when there was none to suspend.
    /// </summary>
    public async Task<ProcedureRecord?> SuspendForFailoverAsync(string hierarchy, string actor, string why, CancellationToken cancellationToken)
    {
        // A step claimed (or committed) between the read and the commit loses the commit; the next pass sees it.
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var active = await store.GetActiveAsync(hierarchy, cancellationToken).ConfigureAwait(false);
            if (active is null || !procedures.Get(active.Kind).YieldsToFailover || ProcedureStates.IsDraining(active.State))
            {
                return null;
            }

            if (await TrySuspendAsync(active, hierarchy, actor, why, cancellationToken).ConfigureAwait(false))
            {
                return active;
            }
        }

        return null;
    }

    /// <summary>One attempt: Suspended (with the report, while no step runs) or Suspending (while one does).</summary>
    private async Task<bool> TrySuspendAsync(ProcedureRecord active, string hierarchy, string actor, string why, CancellationToken cancellationToken)
    {
        var steps = await store.GetStepsAsync(active.Id, cancellationToken).ConfigureAwait(false);
        var running = steps.FirstOrDefault(s => s.Status == StepStatus.Running);
        // Observed before the commit, so the report is in the same transaction as the end state.
        var report = running is null ? await drain.ObserveAsync(active.Hierarchy, cancellationToken).ConfigureAwait(false) : null;
        var version = active.Version;
        var resumeIn = active.State == ProcedureStates.WaitingForOperator ? active.ResumeState : active.State;
        var (from, to) = transitions.Fire(active, SuspendTrigger, new MachineInputs { StepRunning = running is not null });
        var now = time.GetUtcNow();
        var afterwards = $"afterwards `orchestrator update resume {hierarchy}` (it re-checks its preconditions) or `orchestrator update cancel {hierarchy}`";
        var reason = running is null
            ? $"suspended {active.Kind} #{active.Id} in {from}: {why}; the failover takes precedence — {afterwards}; {report}"
            : $"suspending {active.Kind} #{active.Id} in {from}: {why}; the failover takes precedence once {ProcedureDrain.Describe(running)} has reported (draining) — {afterwards}";
        var commit = new TransitionCommit(active.Id, from, version, to, running is not null, resumeIn, active.LastError, [],
            [TransitionFactory.Audit(active, from, to, SuspendTrigger, actor, reason, now)], null, now, RequireRunningStep: running is not null);
        return (await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed;
    }

    /// <summary>Whether the procedure yields to a failover (the monitor still watches its hierarchy).</summary>
    public bool YieldsToFailover(ProcedureRecord procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedures.Get(procedure.Kind).YieldsToFailover;
    }
}
