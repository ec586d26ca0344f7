namespace Orchestrator.Engine;

/// <summary>The directory that holds the product's database, the simulated world and the logs.</summary>
public sealed record DataDirectory(string Path);
