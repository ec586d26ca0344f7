namespace Orchestrator.Storage.Hangfire;

/// <summary>Which Hangfire storage executes the steps.</summary>
public enum JobStorageProvider
{
    /// <summary>Embedded default: Hangfire.InMemory; the sweeper rebuilds the queue from the product's tables after a crash.</summary>
    InMemory,
}
