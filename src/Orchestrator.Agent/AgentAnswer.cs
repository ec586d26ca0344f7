using Orchestrator.Node.Agent;

namespace Orchestrator.Agent;

/// <summary>What the agent answers one action: the HTTP status (200, 400, 409) and the body.</summary>
internal sealed record AgentAnswer(int StatusCode, AgentActionResponse Response);
