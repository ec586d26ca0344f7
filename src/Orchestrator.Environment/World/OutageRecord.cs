namespace Orchestrator.Environment.World;

/// <summary>
/// A time a hierarchy was in service nowhere after having been in service: which applied effect took it down, and
/// which brought it back (null while it is still down). Causes carry the effect key "procedure:step:generation".
/// </summary>
public sealed class OutageRecord
{
    public string Hierarchy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public string StartedBy { get; set; } = "";
    public string StartedByKey { get; set; } = "";
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndedByKey { get; set; }

    public OutageRecord Clone() => (OutageRecord)MemberwiseClone();
}
