using System.Text.Json.Serialization;

namespace Orchestrator.Storage.Audit;

/// <summary>A stored audit row with its place in the hash chain.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public long? ProcedureId { get; set; }
    public string Kind { get; set; } = "";
    public string? Hierarchy { get; set; }
    public string? FromState { get; set; }
    public string? ToState { get; set; }
    public string TriggerName { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Data { get; set; }

    /// <summary>The node(s) the row concerns, e.g. "node1 → node2"; null on rows written before the column existed.</summary>
    public string? Nodes { get; set; }
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>How <see cref="Hash"/> was computed (<see cref="AuditHasher"/>): 1 for rows written before issue 15, 2 (the sequence hashed too) since.</summary>
    public int HashVersion { get; set; } = 1;

    /// <summary>What of the stored row could not be read (e.g. "its time '…' is not an instant"); null when every column read.</summary>
    [JsonIgnore]
    public string? Unreadable { get; set; }
}
