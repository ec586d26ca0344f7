using Orchestrator.Domain.Rules;

namespace Orchestrator.Storage.Procedures;

/// <summary>
/// Durability contract point 4: another procedure holds the hierarchy (or the procedure is draining); the message is
/// <see cref="ProcedureConflictRule"/>'s refusal, naming that procedure.
/// </summary>
public sealed class ActiveProcedureConflictException : Exception
{
    public ActiveProcedureConflictException(string hierarchy, long activeId, string activeKind, string activeState)
        : this(hierarchy, activeId, activeKind, activeState,
            ProcedureConflictRule.RefusesNewProcedure(new HoldingProcedure(activeId, activeKind, hierarchy, activeState), isFailover: false)!)
    {
    }

    /// <summary>A refusal in <paramref name="message"/>'s words (the rule's), by the procedure it names.</summary>
    public ActiveProcedureConflictException(string hierarchy, long activeId, string activeKind, string activeState, string message)
        : base(message)
    {
        Hierarchy = hierarchy;
        ActiveId = activeId;
        ActiveKind = activeKind;
        ActiveState = activeState;
    }

    /// <summary>The store's collision with a holder that had ended by the time it was read: <see cref="ProcedureConflictRule.HolderEndedRefusal"/>.</summary>
    public static ActiveProcedureConflictException HolderEnded(ProcedureRecord ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return new ActiveProcedureConflictException(ended.Hierarchy, ended.Id, ended.Kind, ended.State,
            ProcedureConflictRule.HolderEndedRefusal(new HoldingProcedure(ended.Id, ended.Kind, ended.Hierarchy, ended.State)));
    }

    public string Hierarchy { get; }
    public long ActiveId { get; }
    public string ActiveKind { get; }
    public string ActiveState { get; }
}
