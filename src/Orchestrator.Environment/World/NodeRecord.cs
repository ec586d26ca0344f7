using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.World;

/// <summary>
/// Persisted state of one server: up or down, fenced or stopped on purpose, its cluster agent and installed
/// software (S29), the mirror to it (S27), its services and its shares.
/// </summary>
public sealed class NodeRecord
{
    /// <summary>The software version a node has until an update installs another: Exchange 2003 SP1.</summary>
    public const string DefaultVersion = "6.5.7226";

    public string Name { get; set; } = "";

    public bool Up { get; set; } = true;

    /// <summary>Powered off by its fence device (implies down); cleared when the node is restored.</summary>
    public bool Fenced { get; set; }

    /// <summary>
    /// S29: shut down on purpose (a planned stop, implies down, distinct from <see cref="Fenced"/>): it holds nothing
    /// it could still write to, so taking its resources over needs no fencing. Cleared when the node is up again.
    /// </summary>
    public bool Stopped { get; set; }

    /// <summary>S29: the cluster agent (LifeKeeper) runs; only meaningful while the node is up.</summary>
    public bool AgentRunning { get; set; } = true;

    /// <summary>S29: the installed software version.</summary>
    public string Version { get; set; } = DefaultVersion;

    /// <summary>S27: the state of the mirror that replicates the hierarchy's volumes to this node (None: shared storage).</summary>
    public MirrorState Mirror { get; set; } = MirrorState.None;

    /// <summary>S27: when a <see cref="MirrorState.PartialResync"/> started by a resume reaches Mirroring (null: it stays as it is).</summary>
    public DateTimeOffset? ResyncEndsAt { get; set; }

    /// <summary>
    /// S10/S11: what the node's Exchange server says of each application when it was set explicitly, keyed by the
    /// application's name (compare ignoring case through <see cref="ExchangeOf"/>); absent: derived from its hierarchies.
    /// </summary>
    public Dictionary<string, ExchangeServerRecord> Exchange { get; set; } = [];

    /// <summary>The services known on this node; backed by rows, one row per (node, service), loaded by name.</summary>
    public WorldTable<ServiceRecord> Services { get; set; } = new();

    /// <summary>The shares this node offers; backed by rows, one row per (node, share) in world_shares, loaded by name.</summary>
    public WorldSet Shares { get; set; } = new();

    /// <summary>The explicit Exchange record of the application on this node (ignoring case), or null.</summary>
    public ExchangeServerRecord? ExchangeOf(string application) =>
        Exchange.FirstOrDefault(e => string.Equals(e.Key, application, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The explicit Exchange record of the application, made (empty) when there is none.</summary>
    public ExchangeServerRecord ExchangeFor(string application) =>
        ExchangeOf(application) ?? (Exchange[application] = new ExchangeServerRecord());

    /// <summary>The cluster agent is running: the node is up and its agent was not stopped.</summary>
    public bool AgentIsRunning() => Up && AgentRunning;

    /// <summary>The mirror state as of <paramref name="now"/>, without changing the record: a finished partial resync is Mirroring.</summary>
    public MirrorState EffectiveMirror(DateTimeOffset now) =>
        Mirror == MirrorState.PartialResync && ResyncEndsAt is { } endsAt && now >= endsAt ? MirrorState.Mirroring : Mirror;

    /// <summary>Persists the PartialResync→Mirroring transition once the resync time has passed; returns the state.</summary>
    public MirrorState SettleMirror(DateTimeOffset now)
    {
        if (Mirror == MirrorState.PartialResync && EffectiveMirror(now) == MirrorState.Mirroring)
        {
            Mirror = MirrorState.Mirroring;
            ResyncEndsAt = null;
        }

        return Mirror;
    }

    public NodeRecord Clone()
    {
        var copy = new NodeRecord
        {
            Name = Name,
            Up = Up,
            Fenced = Fenced,
            Stopped = Stopped,
            AgentRunning = AgentRunning,
            Version = Version,
            Mirror = Mirror,
            ResyncEndsAt = ResyncEndsAt,
            Services = Services.Clone(s => s.Clone()),
            Shares = Shares.Clone(),
            Exchange = Exchange.ToDictionary(e => e.Key, e => e.Value.Clone()),
        };

        return copy;
    }
}
