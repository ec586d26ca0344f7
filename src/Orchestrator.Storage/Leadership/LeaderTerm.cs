namespace Orchestrator.Storage.Leadership;

/// <summary>
/// A runner's term as leader of a role: its epoch (raised by every acquisition that is not a renewal), the holder, and
/// when it ends unless renewed. Every decision made under it carries the epoch (<see cref="LeaderFence"/>).
/// <see cref="DatabaseTime"/>: the term was acquired under the database's session lock and its instants are the
/// database's clock (PostgreSQL in production), so its fence compares its expiry with that clock, and its holder stops
/// leading as soon as the database cannot be reached (the lock's session is then unproven).
/// </summary>
public sealed record LeaderTerm(string Role, long Epoch, string Holder, DateTimeOffset ExpiresAt, bool DatabaseTime = false);
