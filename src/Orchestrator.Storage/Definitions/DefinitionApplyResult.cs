namespace Orchestrator.Storage.Definitions;

/// <summary>The version now current and whether applying changed anything.</summary>
public sealed record DefinitionApplyResult(long Version, bool Changed);
