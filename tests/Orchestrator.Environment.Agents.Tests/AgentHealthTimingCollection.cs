namespace Orchestrator.Environment.Agents.Tests;

/// <summary>The collection <see cref="AgentHealthTimingTests"/> runs in: alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(AgentHealthTimingTests), DisableParallelization = true)]
public sealed class AgentHealthTimingCollection
{
}
