namespace Orchestrator.Engine.Execution;

/// <summary>Who holds a claim: this process, unique across restarts.</summary>
public sealed class WorkerIdentity
{
    public string Id { get; } = $"{System.Environment.MachineName}:{System.Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
