namespace Orchestrator.Storage.Procedures;

/// <summary>A persisted procedure instance: the state its machine is rebuilt around.</summary>
public sealed class ProcedureRecord
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Hierarchy { get; set; } = "";
    public string State { get; set; } = "";
    public long Version { get; set; }
    public bool IsActive { get; set; }
    public string? SourceNode { get; set; }
    public string? TargetNode { get; set; }
    public string RequestedBy { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? ResumeState { get; set; }
    public string? LastError { get; set; }
    public long DefinitionVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
