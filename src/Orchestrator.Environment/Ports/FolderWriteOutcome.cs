namespace Orchestrator.Environment.Ports;

/// <summary>What one folder write did.</summary>
public enum FolderWriteOutcome
{
    /// <summary>The replica list changed.</summary>
    Changed,

    /// <summary>The list already named the new server and not the old one (a write redone after a crash).</summary>
    AlreadyCorrect,

    /// <summary>The write failed (transient); the folder keeps its list.</summary>
    Failed,
}
