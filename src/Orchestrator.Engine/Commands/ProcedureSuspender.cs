using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// A failover takes precedence over a procedure that yields to it (a rolling update): the procedure is suspended —
/// inactive, so the failover can start, and resumable where it stopped — in one audited transition.
/// </summary>
public sealed class ProcedureSuspender(IProcedureStore store, ProcedureCatalog procedures, TransitionFactory transitions, TimeProvider time)
{
    /// <summary>The trigger a yielding procedure's machine permits from its working states and WaitingForOperator.</summary>
    public const string SuspendTrigger = "SuspendedForFailover";

    /// <summary>Suspends the hierarchy's active procedure when it yields to a failover; returns it, or null when there was none to suspend.</summary>
    public async Task<ProcedureRecord?> SuspendForFailoverAsync(string hierarchy, string actor, string why, CancellationToken cancellationToken)
    {
        var active = await store.GetActiveAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        if (active is null || !procedures.Get(active.Kind).YieldsToFailover)
        {
            return null;
        }

        var version = active.Version;
        var resumeIn = active.State == ProcedureStates.WaitingForOperator ? active.ResumeState : active.State;
        var (from, to) = transitions.Fire(active, SuspendTrigger, new MachineInputs());
        var now = time.GetUtcNow();
        var reason = $"suspended {active.Kind} #{active.Id} in {from}: {why}; the failover takes precedence — afterwards " +
            $"`orchestrator update resume {hierarchy}` (it re-checks its preconditions) or `orchestrator update cancel {hierarchy}`";
        var commit = new TransitionCommit(active.Id, from, version, to, false, resumeIn, active.LastError, [],
            [TransitionFactory.Audit(active, from, to, SuspendTrigger, actor, reason, now)], null, now);
        return (await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed ? active : null;
    }

    /// <summary>Whether the procedure yields to a failover (the monitor still watches its hierarchy).</summary>
    public bool YieldsToFailover(ProcedureRecord procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedures.Get(procedure.Kind).YieldsToFailover;
    }
}
