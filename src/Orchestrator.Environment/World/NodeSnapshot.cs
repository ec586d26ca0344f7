namespace Orchestrator.Environment.World;

/// <summary>
/// A server as of the snapshot: up or down, its services, its shares and whether it is fenced (powered off), the
/// state of the mirror to it (S27, a finished partial resync shown as Mirroring), its installed software version and
/// whether its cluster agent runs (S29).
/// </summary>
public sealed record NodeSnapshot(
    string Name,
    bool Up,
    IReadOnlyList<ServiceSnapshot> Services,
    IReadOnlyList<string> Shares,
    bool Fenced = false,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Orchestrator.Domain.Rules.MirrorState>))]
    Orchestrator.Domain.Rules.MirrorState Mirror = Orchestrator.Domain.Rules.MirrorState.None,
    string Version = NodeRecord.DefaultVersion,
    bool AgentRunning = true);
