using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: where the simulated directory's public folders and their replica lists are stored (the world's SQLite file:
/// <see cref="SqlitePublicFolderTables"/>, or the world's PostgreSQL schema), as <see cref="SimulatedPublicFolders"/>
/// reads and writes them. Every write is one transaction, serialised against the other writes of every process.
/// </summary>
internal interface IPublicFolderTables
{
    /// <summary>The folders that list <paramref name="server"/> as a replica, ordered by name ordinally.</summary>
    Task<IReadOnlyList<string>> ListingAsync(string server, CancellationToken cancellationToken);

    /// <summary>The folder's replica servers ordered ordinally; null when there is no such folder.</summary>
    Task<IReadOnlyList<string>?> ReplicasAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Writes each folder's replica list (<paramref name="remove"/> out, <paramref name="add"/> in) and counts it, in one transaction.</summary>
    Task<FolderWriteResult[]> WriteAsync(string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken);

    /// <summary>Creates the folders "{prefix}{i:D6}" (i = 1..count) that do not exist, each listing every one of <paramref name="nodes"/>; how many were created.</summary>
    Task<int> SeedAsync(int count, IReadOnlyList<string> nodes, string prefix, CancellationToken cancellationToken);

    /// <summary>Sets the folder's injected fault; false when there is no such folder.</summary>
    Task<bool> FailAsync(string folder, int times, CancellationToken cancellationToken);

    Task ClearFaultsAsync(CancellationToken cancellationToken);

    /// <summary>The folders, their replicas per server and their write counters, read in one consistent snapshot.</summary>
    Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> folder names by name, and how many folders there are.</summary>
    Task<(IReadOnlyList<string> Names, int Count)> SomeNamesAsync(int limit, CancellationToken cancellationToken);
}
