namespace Orchestrator.Storage.Definitions;

/// <summary>
/// The version now current and whether applying changed anything; <paramref name="Repeats"/> names the earlier version
/// with the same text when an earlier definition was applied again (stored as a new version).
/// </summary>
public sealed record DefinitionApplyResult(long Version, bool Changed, long? Repeats = null);
