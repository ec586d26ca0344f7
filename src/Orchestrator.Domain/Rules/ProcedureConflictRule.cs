namespace Orchestrator.Domain.Rules;

/// <summary>
/// Durability contract point 4 and issue 12 point 4: whether a request may act while a procedure holds the hierarchy.
/// A new procedure of the hierarchy is refused while another holds it — except a failover over a procedure that yields
/// to one, unless that procedure is draining; an operator command on a procedure (cancel, retry, approve, skip, resume)
/// is refused while it drains. Every refusal names the holding procedure and what to do. Pure: the caller reads the facts.
/// </summary>
public static class ProcedureConflictRule
{
    /// <summary>
    /// A new procedure of <paramref name="holder"/>'s hierarchy (a move, an update; <paramref name="isFailover"/> for a
    /// failover): null when admitted (no holder, or a holder that yields to this failover and is not draining), else the
    /// refusal in words.
    /// </summary>
    public static string? RefusesNewProcedure(HoldingProcedure? holder, bool isFailover)
    {
        if (holder is null)
        {
            return null;
        }

        if (holder.Draining)
        {
            return DrainingRefusal(holder);
        }

        return isFailover && holder.YieldsToFailover
            ? null
            : $"hierarchy {holder.Hierarchy} already has an active procedure: #{holder.Id} {holder.Kind} ({holder.State}); wait for it, or `orchestrator procedures cancel {holder.Id}`";
    }

    /// <summary>
    /// A new procedure of the hierarchy collided with <paramref name="holder"/> in the store (it took the slot after the
    /// request was judged) but <paramref name="holder"/> had ended by the time it could be read, again on every retry:
    /// the refusal names it by its real id and its end state, never as an active one.
    /// </summary>
    public static string HolderEndedRefusal(HoldingProcedure holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return $"hierarchy {holder.Hierarchy} was taken by procedure #{holder.Id} {holder.Kind} while this request was created, and it has " +
            $"ended since ({holder.State}); nothing was changed — check `orchestrator procedures show {holder.Id}`, then request again";
    }

    /// <summary>
    /// An operator command on <paramref name="procedure"/> itself: null when admitted, else the refusal (it is draining).
    /// A cancel (<paramref name="isCancel"/>) of a draining procedure whose step no longer runs — none is running, or the
    /// running step's lease has expired (its worker died and no runner has taken the step up) — is admitted: it ends the
    /// drain itself. A step whose lease is still live keeps the drain: its worker may be alive.
    /// </summary>
    public static string? RefusesCommandOn(HoldingProcedure procedure, bool isCancel = false)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.Draining && !(isCancel && (procedure.RunningStep is null || procedure.RunningStepLeaseExpired)) ? DrainingRefusal(procedure) : null;
    }

    /// <summary>
    /// "procedure #12 (switchover of exch1) is cancelling: step 7 (…) is still running; try again once it has reported,
    /// see `orchestrator procedures show 12`" — or, when that step's lease has expired (its worker is gone), the cancel that
    /// takes it over and ends the drain.
    /// </summary>
    public static string DrainingRefusal(HoldingProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var head = $"procedure #{procedure.Id} ({procedure.Kind} of {procedure.Hierarchy}) is {procedure.State.ToLowerInvariant()}: ";
        var show = $"see `orchestrator procedures show {procedure.Id}`";
        return procedure.RunningStep is { } running
            ? procedure.RunningStepLeaseExpired
                ? $"{head}{running} was running on a worker whose lease has expired and no runner has taken it up; " +
                  $"`orchestrator procedures cancel {procedure.Id}` ends the drain, {show}"
                : $"{head}{running} is still running; try again once it has reported, {show}"
            : $"{head}its last step has not reported yet; try again once it has reported, {show}";
    }
}
