namespace Orchestrator.Environment.World;

/// <summary>Where the other servers deliver the mail they queue for <paramref name="Server"/> (itself unless reconnected).</summary>
public sealed record QueueSnapshot(string Server, string ConnectedTo);
