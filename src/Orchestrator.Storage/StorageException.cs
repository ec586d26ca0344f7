namespace Orchestrator.Storage;

/// <summary>The product's database cannot be used (corrupt, foreign, or failed to migrate).</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
