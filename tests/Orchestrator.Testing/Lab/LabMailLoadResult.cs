namespace Orchestrator.Testing.Lab;

/// <summary>What the load client reported: every message it tried, the longest gap between two 250 replies, its run's length.</summary>
public sealed record LabMailLoadResult(IReadOnlyList<LabMailAttempt> Attempts, TimeSpan LongestGap, TimeSpan Elapsed)
{
    /// <summary>The ids of the messages that got a 250.</summary>
    public IReadOnlyList<string> AcceptedIds => Attempts.Where(a => a.Accepted).Select(a => a.Id).ToList();
}
