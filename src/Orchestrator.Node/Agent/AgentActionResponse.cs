namespace Orchestrator.Node.Agent;

/// <summary>The agent's answer to one <see cref="AgentActionRequest"/>.</summary>
public sealed record AgentActionResponse(AgentOutcome Outcome, OcfExit Exit, string Message);
