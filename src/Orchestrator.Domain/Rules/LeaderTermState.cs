namespace Orchestrator.Domain.Rules;

/// <summary>A stored leader term as the rule sees it: who acquired it, its epoch, and when it ends unless renewed.</summary>
public sealed record LeaderTermState(string Holder, long Epoch, DateTimeOffset ExpiresAt);
