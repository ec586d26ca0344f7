namespace Orchestrator.Storage.Leadership;

/// <summary>A runner (a process running steps, e.g. <c>serve</c>) and its last heartbeat.</summary>
public sealed class RunnerRecord
{
    public string RunnerId { get; set; } = "";
    public string Host { get; set; } = "";
    public long Pid { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
