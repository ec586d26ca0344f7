using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: the simulated directory's public folders and their replica lists, in their own tables beside the world's rows
/// (<see cref="IPublicFolderTables"/>: the world's SQLite file, or its PostgreSQL schema), so that 200,000 folders stay
/// fast. A replica move waits the injected <see cref="EffectKind.PublicFolderWrite"/> latency per folder (outside any
/// transaction), then writes every folder of the call in one transaction. Per folder it counts the writes, the changes and the injected failures. Which
/// folders are being written (and so unavailable) is known only to this instance.
/// </summary>
public sealed partial class SimulatedPublicFolders : IPublicFolderControl
{
    /// <summary>The shortest delay worth waiting; shorter per-folder latencies add up until they reach it.</summary>
    private static readonly TimeSpan DelayStep = TimeSpan.FromMilliseconds(1);

    private readonly IWorldStateStore store;
    private readonly SimulatedWorld world;
    private readonly TimeProvider time;
    private readonly IPublicFolderTables tables;
    private readonly FolderWriteMarks writing = new();

    /// <summary>Public folders in the tables of <paramref name="store"/>'s file, done by the nodes of <paramref name="world"/>.</summary>
    public SimulatedPublicFolders(SqliteWorldStateStore store, SimulatedWorld world, TimeProvider time)
        : this(store, new SqlitePublicFolderTables(store?.FilePath ?? throw new ArgumentNullException(nameof(store))), world, time)
    {
    }

    /// <summary>Public folders in <paramref name="tables"/> (beside <paramref name="store"/>'s world), done by the nodes of <paramref name="world"/>.</summary>
    internal SimulatedPublicFolders(IWorldStateStore store, IPublicFolderTables tables, SimulatedWorld world, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(time);
        this.store = store;
        this.tables = tables;
        this.world = world;
        this.time = time;
    }

    /// <inheritdoc/>
    /// <remarks>Ordered by name, ordinally. A server no folder lists (or no node at all) gets an empty list.</remarks>
    public Task<IReadOnlyList<string>> FoldersListingAsync(string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return tables.ListingAsync(server, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="add"/> must be a node of the world (else <see cref="UnknownWorldObjectException"/>, nothing
    /// written); <paramref name="remove"/> may be any name. Unknown folders fail alone ("no public folder named X").
    /// </remarks>
    public async Task<IReadOnlyList<FolderWriteResult>> EnsureReplicaMovedAsync(
        string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(remove);
        ArgumentNullException.ThrowIfNull(add);
        if (folders.Any(f => f is null))
        {
            throw new ArgumentException("a folder name is null", nameof(folders));
        }

        if (string.Equals(remove, add, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"cannot move a replica from {remove} to itself", nameof(add));
        }

        if (!await world.IsUpAsync(node, cancellationToken).ConfigureAwait(false))
        {
            throw new EnvironmentException(
                $"{node} is down; the replica lists of {folders.Count} public folder(s) were not written", transient: true);
        }

        var added = await KnownNodeAsync(add, cancellationToken).ConfigureAwait(false);
        var latency = await world.LatencyOfAsync(EffectKind.PublicFolderWrite, cancellationToken).ConfigureAwait(false);
        if (latency == WorldFaults.Hang)
        {
            await SimulatedWorld.HangAsync().ConfigureAwait(false);
        }

        var marked = 0;
        try
        {
            // Each folder is marked, then waits its latency; sub-millisecond latencies add up as a debt paid once it
            // reaches a millisecond, and a delay's overshoot is credited, so the average per folder is the latency.
            var debt = TimeSpan.Zero;
            foreach (var folder in folders)
            {
                writing.Mark(folder);
                marked++;
                debt += latency;
                if (debt >= DelayStep)
                {
                    var started = time.GetTimestamp();
                    await Task.Delay(debt, time, cancellationToken).ConfigureAwait(false);
                    debt -= time.GetElapsedTime(started);
                }
            }

            return await tables.WriteAsync(node, folders, remove, added, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            for (var i = 0; i < marked; i++)
            {
                writing.Unmark(folders[i]);
            }
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>?> ReplicasOfAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return tables.ReplicasAsync(folder, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Only writes run by this instance are seen: another process's writes do not make a folder unavailable here.</remarks>
    public bool IsAvailable(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return !writing.Contains(folder);
    }

    /// <summary>The world's own spelling of a node's name; an unknown node throws <see cref="UnknownWorldObjectException"/>.</summary>
    private Task<string> KnownNodeAsync(string node, CancellationToken cancellationToken) =>
        store.ReadAsync(state => WorldLookup.Node(state, node).Name, cancellationToken);
}
