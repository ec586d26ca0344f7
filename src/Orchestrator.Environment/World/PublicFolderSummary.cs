namespace Orchestrator.Environment.World;

/// <summary>S25: what the simulated directory's public folders look like now and what was done to them so far.</summary>
/// <param name="Folders">How many public folders the directory holds.</param>
/// <param name="PerServer">Per server, how many folders list it as a replica.</param>
/// <param name="Writes">Every write that reached a folder, whatever its outcome.</param>
/// <param name="Changes">The writes that changed a folder's replica list.</param>
/// <param name="Failures">The writes that failed (injected faults).</param>
/// <param name="FoldersWithoutReplica">Folders whose replica list is empty.</param>
/// <param name="FoldersWrittenMoreThanOnce">Folders that were written more than once.</param>
/// <param name="FoldersWithFault">Folders whose next write(s) will fail (an injected fault not used up or cleared).</param>
public sealed record PublicFolderSummary(
    int Folders,
    IReadOnlyDictionary<string, int> PerServer,
    long Writes,
    long Changes,
    long Failures,
    int FoldersWithoutReplica,
    int FoldersWrittenMoreThanOnce,
    int FoldersWithFault);
