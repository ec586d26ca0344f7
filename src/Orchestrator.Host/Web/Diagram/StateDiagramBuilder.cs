using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless.Reflection;

namespace Orchestrator.Host.Web.Diagram;

/// <summary>Reads a procedure definition's machine (Stateless <c>GetInfo()</c>) into a <see cref="StateDiagram"/>.</summary>
public static class StateDiagramBuilder
{
    /// <param name="taken">The (from, to) state pairs the procedure went through, from its audit rows.</param>
    public static StateDiagram Build(IProcedureDefinition definition, string currentState, IReadOnlyCollection<(string From, string To)> taken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(taken);
        var record = new ProcedureRecord { State = definition.InitialState };
        var info = ProcedureMachine.Build(definition, record, new MachineInputs()).GetInfo();

        var transitions = new List<DiagramTransition>();
        var names = new List<string>();
        void Note(string state)
        {
            if (!names.Contains(state, StringComparer.Ordinal))
            {
                names.Add(state);
            }
        }

        foreach (var state in info.States)
        {
            var from = Name(state.UnderlyingState);
            Note(from);
            foreach (var t in state.FixedTransitions)
            {
                var to = Name(t.DestinationState.UnderlyingState);
                Note(to);
                transitions.Add(new DiagramTransition(from, to, Name(t.Trigger.UnderlyingTrigger), Guard(t), taken.Contains((from, to))));
            }

            foreach (var t in state.DynamicTransitions)
            {
                foreach (var destination in t.PossibleDestinationStates ?? [])
                {
                    Note(destination.DestinationState);
                    var guard = string.Join("; ", new[] { Guard(t), destination.Criterion }.Where(g => !string.IsNullOrWhiteSpace(g)));
                    transitions.Add(new DiagramTransition(from, destination.DestinationState, Name(t.Trigger.UnderlyingTrigger), guard.Length == 0 ? null : guard,
                        taken.Contains((from, destination.DestinationState))));
                }
            }
        }

        Note(currentState);
        var visited = taken.SelectMany(t => new[] { t.From, t.To }).Append(currentState).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new StateDiagram(definition.Kind, definition.InitialState, currentState, Order(definition, names), transitions, visited);
    }

    /// <summary>Drawing order: the initial state, the working phases in plan order, the other states, the end states (Completed, CompletedWithWarnings, Failed, Cancelled).</summary>
    private static List<string> Order(IProcedureDefinition definition, List<string> states)
    {
        var ordered = new List<string>();
        foreach (var s in new[] { definition.InitialState }.Concat(definition.Phases).Where(states.Contains))
        {
            if (!ordered.Contains(s, StringComparer.Ordinal))
            {
                ordered.Add(s);
            }
        }

        var terminal = new[] { ProcedureStates.Completed, ProcedureStates.CompletedWithWarnings, ProcedureStates.Failed, ProcedureStates.Cancelled };
        ordered.AddRange(states.Where(s => !ordered.Contains(s, StringComparer.Ordinal) && !terminal.Contains(s)));
        ordered.AddRange(terminal.Where(states.Contains));
        return ordered;
    }

    private static string? Guard(TransitionInfo t)
    {
        var guards = t.GuardConditionsMethodDescriptions?.Select(g => g.Description).Where(d => !string.IsNullOrWhiteSpace(d)).ToList() ?? [];
        return guards.Count == 0 ? null : string.Join("; ", guards);
    }

    private static string Name(object? value) => value?.ToString() ?? "";
}
