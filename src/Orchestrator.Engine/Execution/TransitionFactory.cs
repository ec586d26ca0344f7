using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>Fires a trigger on a procedure's machine (rebuilt around the record) and describes the result as a commit.</summary>
public sealed class TransitionFactory(ProcedureCatalog procedures)
{
    /// <summary>Fires <paramref name="trigger"/>; returns the state before. Throws when the machine does not permit it.</summary>
    public (string From, string To) Fire(ProcedureRecord record, string trigger, MachineInputs inputs)
    {
        var definition = procedures.Get(record.Kind);
        var machine = ProcedureMachine.Build(definition, record, inputs);
        var from = record.State;
        if (!machine.CanFire(trigger))
        {
            throw new Errors.ProcedureStateException(
                $"procedure #{record.Id} ({record.Kind} of {record.Hierarchy}) is {from}; '{trigger}' is not possible there (permitted: {string.Join(", ", machine.GetInfo().States.First(i => Equals(i.UnderlyingState, from)).Transitions.Select(t => t.Trigger.UnderlyingTrigger).Distinct())})");
        }

        machine.Fire(trigger);
        return (from, record.State);
    }

    public static NewAuditEntry Audit(ProcedureRecord record, string from, string to, string trigger, string actor, string reason, DateTimeOffset at, string? data = null) =>
        new(at, record.Id, record.Kind, record.Hierarchy, from, to, trigger, actor, reason, data, Nodes(record.SourceNode, record.TargetNode));

    /// <summary>The node(s) a procedure's rows concern: "node1 → node2", or the one node.</summary>
    public static string? Nodes(string? source, string? target) =>
        string.IsNullOrEmpty(source) || string.Equals(source, target, StringComparison.OrdinalIgnoreCase) ? target : $"{source} → {target}";
}
