namespace Orchestrator.Storage.Procedures;

/// <summary>The life of one step row. Only the engine moves a step between these, by compare-and-set.</summary>
public static class StepStatus
{
    public const string Planned = "planned";
    public const string Ready = "ready";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>An operator skipped the failed step (where its action allows it); the procedure went on without it.</summary>
    public const string Skipped = "skipped";
}
