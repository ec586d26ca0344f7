namespace Orchestrator.Node.Agent;

/// <summary>The agent's liveness answer: the node it runs on, its version, its clock (UTC).</summary>
public sealed record AgentHealth(string Node, string Version, DateTimeOffset Time);
