namespace Orchestrator.Engine.Definitions;

/// <summary>What seeding the world with a definition did: what it added, in words, and the notes of the start-mode changes (S7).</summary>
public sealed record WorldSeeding(IReadOnlyList<string> Added, IReadOnlyList<string> Notes);
