namespace Orchestrator.Agent;

/// <summary>The agent cannot start as asked (a missing or unsafe token file, an address it may not open): bad input, exit 2.</summary>
public sealed class AgentConfigurationException(string message) : Exception(message);
