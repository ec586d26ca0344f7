namespace Orchestrator.Node.Ocf;

/// <summary>
/// One problem of a resource's parameters against its agent's meta-data: the agent, the parameter and a message that
/// names the fix. The orchestrator side adds the cluster file's line and column.
/// </summary>
public sealed record OcfParameterProblem(string Agent, string Parameter, OcfProblemKind Kind, string Message);
