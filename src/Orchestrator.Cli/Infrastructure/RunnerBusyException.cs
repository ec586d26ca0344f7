namespace Orchestrator.Cli.Infrastructure;

/// <summary>Another process (serve, or a --wait) already runs steps for this data directory.</summary>
public sealed class RunnerBusyException(string message) : Exception(message);
