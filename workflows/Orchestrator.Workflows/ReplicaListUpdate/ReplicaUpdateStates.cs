namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The states of a replica-list update (S25).</summary>
public static class ReplicaUpdateStates
{
    /// <summary>Started; the folders to write are being listed (after any superseded update has stopped).</summary>
    public const string Planning = "Planning";

    /// <summary>Batches run in the background; the hierarchy is already in service.</summary>
    public const string Running = "Running";

    /// <summary>An operator paused it: running batches finish, no new batch starts.</summary>
    public const string Paused = "Paused";

    /// <summary>Every batch ran; failed folders (if any) are listed and can be retried.</summary>
    public const string Completed = "Completed";

    public const string Cancelled = "Cancelled";

    /// <summary>A newer move of the hierarchy (a failback…) took over; its own update sets the final lists.</summary>
    public const string Superseded = "Superseded";

    public static bool IsActive(string state) => state is Planning or Running or Paused;
}
