namespace Orchestrator.Environment.World;

public sealed partial class SimulatedPublicFolders
{
    /// <summary>The name prefix of seeded folders: "Public Folders/Folder 000001", ...</summary>
    public const string DefaultPrefix = "Public Folders/Folder ";

    /// <summary>How many folder names an unknown-folder error lists.</summary>
    private const int NamesShown = 5;

    /// <summary>
    /// Creates the folders "{prefix}{i:D6}" for i = 1..<paramref name="count"/> that do not exist yet, each listing
    /// every one of <paramref name="servers"/> (nodes of the world), in one transaction. Existing folders keep their
    /// lists. Returns how many folders were created.
    /// </summary>
    /// <exception cref="UnknownWorldObjectException">a server is not a node of the world; nothing was created.</exception>
    public async Task<int> SeedAsync(
        int count, IReadOnlyList<string> servers, string prefix = DefaultPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(prefix);
        foreach (var server in servers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(servers));
        }

        var nodes = await store.ReadAsync(
                state => servers.Select(s => WorldLookup.Node(state, s).Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                cancellationToken)
            .ConfigureAwait(false);

        return await tables.SeedAsync(count, nodes, prefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next <paramref name="times"/> writes of the folder fail (-1: every write fails until
    /// <see cref="ClearFolderFaultsAsync"/>); replaces a fault the folder already had.
    /// </summary>
    /// <exception cref="UnknownWorldObjectException">the directory has no such folder.</exception>
    public async Task FailFolderAsync(string folder, int times, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (times is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "a positive number of writes, or -1 for every write");
        }

        if (!await tables.FailAsync(folder, times, cancellationToken).ConfigureAwait(false))
        {
            throw await UnknownFolderAsync(folder, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every injected folder fault (the world's own faults are cleared by <see cref="SimulatedWorld.ClearFaultsAsync"/>).</summary>
    public Task ClearFolderFaultsAsync(CancellationToken cancellationToken = default) => tables.ClearFaultsAsync(cancellationToken);

    /// <summary>The folders, their replicas per server and their write counters, read in one consistent snapshot.</summary>
    public Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken = default) => tables.SummaryAsync(cancellationToken);

    /// <summary>The error for an unknown folder: it names the first few folders and how many more there are.</summary>
    private async Task<UnknownWorldObjectException> UnknownFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var (names, count) = await tables.SomeNamesAsync(NamesShown, cancellationToken).ConfigureAwait(false);
        var known = names.ToList();
        var more = count - known.Count;
        if (more > 0)
        {
            known.Add($"and {more} more");
        }

        return new UnknownWorldObjectException("public folder", folder, known);
    }
}
