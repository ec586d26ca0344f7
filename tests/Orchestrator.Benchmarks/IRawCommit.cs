namespace Orchestrator.Benchmarks;

/// <summary>The floor a step is measured against: one raw durable commit, and the same through the product's connection factory.</summary>
internal interface IRawCommit
{
    /// <summary>Where the raw commits go (a file, or a database on a server).</summary>
    string DatabasePath { get; }

    /// <summary>One raw durable commit on a connection kept open.</summary>
    void Commit();

    /// <summary>The same commit the way the product's stores make theirs (informative).</summary>
    Task FactoryCommitAsync(CancellationToken cancellationToken);
}
