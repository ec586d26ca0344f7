namespace Orchestrator.Environment.World;

/// <summary>A mailbox user, its domain and the server it is homed on.</summary>
public sealed record UserSnapshot(string Name, string Domain, string Home);
