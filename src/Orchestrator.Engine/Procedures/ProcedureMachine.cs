using Orchestrator.Storage.Procedures;
using Stateless;
using Stateless.Graph;

namespace Orchestrator.Engine.Procedures;

/// <summary>Rebuilds a Stateless machine around a persisted instance (the record owns its state).</summary>
public static class ProcedureMachine
{
    public static StateMachine<string, string> Build(IProcedureDefinition definition, ProcedureRecord record, MachineInputs inputs)
    {
        var machine = new StateMachine<string, string>(() => record.State, s => record.State = s);
        definition.Configure(machine, inputs);
        return machine;
    }

    /// <summary>The machine as a Mermaid diagram, from the code that runs it.</summary>
    public static string Diagram(IProcedureDefinition definition)
    {
        var record = new ProcedureRecord { State = definition.InitialState };
        var machine = Build(definition, record, new MachineInputs());
        return MermaidGraph.Format(machine.GetInfo());
    }
}
