namespace Orchestrator.Host.Web.Diagram;

/// <summary>
/// A procedure kind's state machine as the dashboard draws it, read from the same Stateless configuration that runs it:
/// its states in drawing order, every transition, the procedure's current state and the states it has been through.
/// </summary>
public sealed record StateDiagram(
    string Kind,
    string InitialState,
    string CurrentState,
    IReadOnlyList<string> States,
    IReadOnlyList<DiagramTransition> Transitions,
    IReadOnlyList<string> Visited);
