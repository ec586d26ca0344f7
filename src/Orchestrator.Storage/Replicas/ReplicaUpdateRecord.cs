namespace Orchestrator.Storage.Replicas;

/// <summary>A persisted replica-list update (S25): the state its machine is rebuilt around, and its counters.</summary>
public sealed class ReplicaUpdateRecord
{
    public long Id { get; set; }
    public long ProcedureId { get; set; }
    public string Hierarchy { get; set; } = "";
    public string FromServer { get; set; } = "";
    public string ToServer { get; set; } = "";
    public string State { get; set; } = "";
    public long Version { get; set; }
    public bool IsActive { get; set; }
    public int BatchSize { get; set; }
    public int Parallelism { get; set; }
    public bool Planned { get; set; }
    public long Total { get; set; }
    public long Done { get; set; }
    public long Changed { get; set; }
    public long Failed { get; set; }
    public long? SupersededBy { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PlannedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Folders neither done nor failed yet.</summary>
    public long Remaining => Math.Max(0, Total - Done - Failed);
}
