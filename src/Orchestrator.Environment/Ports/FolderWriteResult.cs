namespace Orchestrator.Environment.Ports;

/// <summary>The outcome of one folder's replica-list write: changed, already correct, or failed with an error.</summary>
public sealed record FolderWriteResult(string Folder, FolderWriteOutcome Outcome, string? Error = null)
{
    public bool Succeeded => Outcome != FolderWriteOutcome.Failed;
}
