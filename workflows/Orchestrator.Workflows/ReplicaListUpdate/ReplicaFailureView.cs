namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>A folder given up on after the retry limit, with its error.</summary>
public sealed record ReplicaFailureView(string Folder, int Attempts, string Error, DateTimeOffset RecordedAt);
