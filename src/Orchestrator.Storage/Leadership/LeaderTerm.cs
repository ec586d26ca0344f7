namespace Orchestrator.Storage.Leadership;

/// <summary>
/// A runner's term as leader of a role: its epoch (raised by every acquisition that is not a renewal), the holder, and
/// when it ends unless renewed. Every decision made under it carries the epoch (<see cref="LeaderFence"/>).
/// </summary>
public sealed record LeaderTerm(string Role, long Epoch, string Holder, DateTimeOffset ExpiresAt);
