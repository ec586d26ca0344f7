using System.Runtime.CompilerServices;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Stateless;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Fires a trigger on a procedure's machine and describes the result as a commit. The machine of a kind is configured
/// once per thread and bound to the record and inputs for each firing (its guards read both only through that binding).
/// </summary>
public sealed class TransitionFactory(ProcedureCatalog procedures)
{
    // Weak keys: a definition that is no longer registered anywhere (a disposed test host) does not stay alive here.
    [ThreadStatic]
    private static ConditionalWeakTable<IProcedureDefinition, BoundMachine>? t_machines;

    /// <summary>Fires <paramref name="trigger"/>; returns the state before. Throws when the machine does not permit it.</summary>
    public (string From, string To) Fire(ProcedureRecord record, string trigger, MachineInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(inputs);
        var definition = procedures.Get(record.Kind);
        var machines = t_machines ??= new();
        var bound = machines.GetValue(definition, static d => new BoundMachine(d));

        var from = record.State;
        bound.Bind(record, inputs);
        try
        {
            var machine = bound.Machine;
            if (!machine.CanFire(trigger))
            {
                throw new Errors.ProcedureStateException(
                    $"procedure #{record.Id} ({record.Kind} of {record.Hierarchy}) is {from}; '{trigger}' is not possible there (permitted: {string.Join(", ", machine.GetInfo().States.First(i => Equals(i.UnderlyingState, from)).Transitions.Select(t => t.Trigger.UnderlyingTrigger).Distinct())})");
            }

            machine.Fire(trigger);
            return (from, record.State);
        }
        finally
        {
            bound.Unbind();
        }
    }

    public static NewAuditEntry Audit(ProcedureRecord record, string from, string to, string trigger, string actor, string reason, DateTimeOffset at, string? data = null) =>
        new(at, record.Id, record.Kind, record.Hierarchy, from, to, trigger, actor, reason, data, Nodes(record.SourceNode, record.TargetNode));

    /// <summary>The node(s) a procedure's rows concern: "node1 → node2", or the one node.</summary>
    public static string? Nodes(string? source, string? target) =>
        string.IsNullOrEmpty(source) || string.Equals(source, target, StringComparison.OrdinalIgnoreCase) ? target : $"{source} → {target}";

    /// <summary>A kind's machine configured once, its state and guard inputs read from the record and inputs bound for one firing.</summary>
    private sealed class BoundMachine
    {
        private static readonly ProcedureRecord Unbound = new();
        private readonly MachineInputs _inputs = new();
        private ProcedureRecord _record = Unbound;

        public BoundMachine(IProcedureDefinition definition)
        {
            Machine = new StateMachine<string, string>(() => _record.State, s => _record.State = s);
            definition.Configure(Machine, _inputs);
        }

        public StateMachine<string, string> Machine { get; }

        public void Bind(ProcedureRecord record, MachineInputs inputs)
        {
            _record = record;
            _inputs.CopyFrom(inputs);
        }

        public void Unbind() => _record = Unbound;
    }
}
