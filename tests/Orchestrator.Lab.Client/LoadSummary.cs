namespace Orchestrator.Lab.Client;

/// <summary>How a load run ended: messages tried, messages that got a 250, the longest time between two 250s, the run's length.</summary>
public sealed record LoadSummary(int Attempted, int Accepted, TimeSpan LongestGap, TimeSpan Elapsed);
