using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The cluster definition now in force, parsed from its stored text. The current version's number is read from the store
/// on every call (another process may apply a new version at any time); its text is read and parsed only when that is
/// not the version parsed last (a version's text never changes): the monitor asks every round and every launch's
/// admission asks too, and a definition of 1,000 hierarchies is hundreds of kilobytes of YAML. The parsed definition is an
/// immutable record, so one instance serves every caller.
/// </summary>
public sealed class CurrentDefinition(IClusterDefinitionStore store, DataDirectory dataDirectory)
{
    private Parsed? _last;

    /// <summary>
    /// The definition this process read last, without reading the store (null before the first <see cref="GetAsync"/>):
    /// for a caller on a hot path that may follow a newer version one read late (the monitor reads it every round).
    /// </summary>
    public ClusterDefinition? Last => Volatile.Read(ref _last)?.Definition;

    public async Task<(ClusterDefinition Definition, long Version)> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _last) is { } held && await store.GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false) == held.Version)
        {
            return (held.Definition, held.Version);
        }

        var stored = await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no cluster is defined in data directory {dataDirectory.Path}; run `orchestrator cluster apply FILE` first");
        if (Volatile.Read(ref _last) is { } last && last.Version == stored.Version && string.Equals(last.Yaml, stored.Yaml, StringComparison.Ordinal))
        {
            return (last.Definition, last.Version);
        }

        var parsed = ClusterDefinitionParser.Parse(stored.Yaml);
        if (parsed.Definition is not { } definition)
        {
            throw new BadInputException($"the stored cluster definition v{stored.Version} no longer parses ({parsed.Errors[0].Message}); re-apply a corrected file with `orchestrator cluster apply FILE`");
        }

        Volatile.Write(ref _last, new Parsed(stored.Version, stored.Yaml, definition));
        return (definition, stored.Version);
    }

    private sealed record Parsed(long Version, string Yaml, ClusterDefinition Definition);
}
