namespace Orchestrator.Domain.Administration;

/// <summary>
/// S10: what is known of a volume holding Exchange data: the volume resource protecting it (<paramref name="Resource"/>;
/// null: none, the volume is not protected), whether that resource is in service on the node creating the hierarchy, and
/// the hierarchy it already belongs to (null: none).
/// </summary>
public sealed record DataVolume(string Volume, string? Resource, bool InService, string? Hierarchy);
