namespace Orchestrator.Host.Leadership;

/// <summary>The stored leader term as <c>cluster runners</c> shows it; <paramref name="Live"/> false once it expired (nobody leads until a runner acquires it).</summary>
public sealed record LeaderView(string Role, string Holder, long Epoch, DateTimeOffset ExpiresAt, bool Live);
