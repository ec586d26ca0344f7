namespace Orchestrator.Environment.World;

/// <summary>
/// A mailbox user, its domain, the server it is homed on, its default public store's server (S24; null: its home's), and
/// the directory account that last moved it (S15; null: never moved).
/// </summary>
public sealed record UserSnapshot(string Name, string Domain, string Home, string? DefaultPublicStore = null, string? MovedBy = null);
