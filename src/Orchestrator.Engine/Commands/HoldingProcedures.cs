using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// Reads the facts <see cref="ProcedureConflictRule"/> judges a request on — the procedure holding a hierarchy, whether it
/// drains, which step it waits for and whether that step's lease has expired (its worker gone), whether it yields to a failover — and turns a refusal into
/// <see cref="ActiveProcedureConflictException"/> (exit 3). Every path that starts a procedure of a hierarchy or commands
/// one goes through here.
/// </summary>
public sealed class HoldingProcedures(IProcedureStore store, ProcedureCatalog procedures, TimeProvider time)
{
    /// <summary>The facts about <paramref name="procedure"/> (its steps read when it drains, unless given).</summary>
    public async Task<HoldingProcedure> DescribeAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord>? steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var draining = procedure.IsActive && ProcedureStates.IsDraining(procedure.State);
        StepRecord? running = null;
        if (draining)
        {
            steps ??= await store.GetStepsAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
            running = steps.FirstOrDefault(s => s.Status == StepStatus.Running);
        }

        return new HoldingProcedure(procedure.Id, procedure.Kind, procedure.Hierarchy, procedure.State, draining,
            running is null ? null : ProcedureDrain.Describe(running), procedures.Get(procedure.Kind).YieldsToFailover,
            running is not null && ClaimLeaseRule.HasExpired(running.ClaimExpiresAt, time.GetUtcNow()));
    }

    /// <summary>Refuses (exit 3, naming the holder) a new procedure of a hierarchy that <paramref name="active"/> holds, per the rule.</summary>
    public async Task ThrowIfHeldAsync(ProcedureRecord? active, bool isFailover, CancellationToken cancellationToken)
    {
        if (active is null)
        {
            return;
        }

        var holder = await DescribeAsync(active, null, cancellationToken).ConfigureAwait(false);
        if (ProcedureConflictRule.RefusesNewProcedure(holder, isFailover) is { } refusal)
        {
            throw new ActiveProcedureConflictException(active.Hierarchy, active.Id, active.Kind, active.State, refusal);
        }
    }

    /// <summary>Refuses (exit 3) an operator command on <paramref name="procedure"/> while it drains, per the rule.</summary>
    public async Task ThrowIfDrainingAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord>? steps, CancellationToken cancellationToken, bool isCancel = false)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var described = await DescribeAsync(procedure, steps, cancellationToken).ConfigureAwait(false);
        if (ProcedureConflictRule.RefusesCommandOn(described, isCancel) is { } refusal)
        {
            throw new ActiveProcedureConflictException(procedure.Hierarchy, procedure.Id, procedure.Kind, procedure.State, refusal);
        }
    }
}
