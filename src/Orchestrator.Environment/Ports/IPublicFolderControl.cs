namespace Orchestrator.Environment.Ports;

/// <summary>
/// S25: the directory's public folders and their replica lists (the servers that hold a replica of each folder).
/// A folder write is idempotent: it makes one server present and another absent on the folder's list. A folder is
/// unavailable to clients only while its own write runs.
/// </summary>
public interface IPublicFolderControl
{
    /// <summary>Every public folder whose replica list names <paramref name="server"/>, ordered by name.</summary>
    Task<IReadOnlyList<string>> FoldersListingAsync(string server, CancellationToken cancellationToken);

    /// <summary>
    /// Done by <paramref name="node"/> (it must be up): for each folder, ensures <paramref name="add"/> is on its replica
    /// list and <paramref name="remove"/> is not. Folders are written one after the other; the writes of one call
    /// are committed together. A folder that fails does not stop the others: its result says why.
    /// </summary>
    /// <exception cref="EnvironmentException">the node is down (transient): nothing was written.</exception>
    Task<IReadOnlyList<FolderWriteResult>> EnsureReplicaMovedAsync(
        string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken);

    /// <summary>The folder's replica list (server names, ordered), or null for a folder the directory does not know.</summary>
    Task<IReadOnlyList<string>?> ReplicasOfAsync(string folder, CancellationToken cancellationToken);

    /// <summary>False only while a write of the folder is running.</summary>
    bool IsAvailable(string folder);
}
