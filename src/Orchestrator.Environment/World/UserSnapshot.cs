namespace Orchestrator.Environment.World;

/// <summary>A mailbox user, its domain, the server it is homed on, and its default public store's server (S24; null: its home's).</summary>
public sealed record UserSnapshot(string Name, string Domain, string Home, string? DefaultPublicStore = null);
