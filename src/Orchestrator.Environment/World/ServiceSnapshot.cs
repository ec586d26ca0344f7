using System.Text.Json.Serialization;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>A service on a node as of the snapshot (a start whose delay has passed shows as running) and its start mode (S7).</summary>
public sealed record ServiceSnapshot(
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ServiceState>))] ServiceState State,
    DateTimeOffset? ReadyAt,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ServiceStartMode>))] ServiceStartMode StartMode = ServiceStartMode.Automatic);
