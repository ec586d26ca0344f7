namespace Orchestrator.Cli.Tests;

/// <summary>Tests that change process environment variables run one at a time.</summary>
[CollectionDefinition(nameof(EnvironmentVariables), DisableParallelization = true)]
public sealed class EnvironmentVariables;
