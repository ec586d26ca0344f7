using System.Text.Json.Serialization;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one service on one node.</summary>
public sealed class ServiceRecord
{
    public string Name { get; set; } = "";

    public ServiceState State { get; set; } = ServiceState.Stopped;

    /// <summary>S7: how the service starts when the node boots.</summary>
    public ServiceStartMode StartMode { get; set; } = ServiceStartMode.Automatic;

    /// <summary>When a <see cref="ServiceState.Starting"/> service reaches running.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>
    /// Running or starting (or started and ready): the service holds its part of a hierarchy in service. It does not
    /// depend on the clock (a starting service only becomes running), so it is stored with the row
    /// (<see cref="SqliteWorldRows"/>'s indexed column) and judged from there without reading the row.
    /// </summary>
    [JsonIgnore]
    public bool RunsOrStarts => State is ServiceState.Running or ServiceState.Starting;

    /// <summary>The state as of <paramref name="now"/>, without changing the record.</summary>
    public ServiceState EffectiveState(DateTimeOffset now) =>
        State == ServiceState.Starting && (ReadyAt is null || now >= ReadyAt.Value) ? ServiceState.Running : State;

    /// <summary>Persists the Starting→Running transition once the ready instant has passed; returns the state.</summary>
    public ServiceState Settle(DateTimeOffset now)
    {
        if (State == ServiceState.Starting && EffectiveState(now) == ServiceState.Running)
        {
            State = ServiceState.Running;
            ReadyAt = null;
        }

        return State;
    }

    public ServiceRecord Clone() => new() { Name = Name, State = State, StartMode = StartMode, ReadyAt = ReadyAt };
}
