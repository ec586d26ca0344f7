namespace Orchestrator.Workflows;

/// <summary>
/// What <see cref="WorkflowDiscovery"/> found in an assembly, each list ordered by the types' full names: the folders'
/// registrations, the procedure kinds, the step actions and the runners of durable work.
/// </summary>
public sealed record DiscoveredWorkflows(
    IReadOnlyList<Type> Registrations,
    IReadOnlyList<Type> Procedures,
    IReadOnlyList<Type> StepActions,
    IReadOnlyList<Type> WorkRunners);
