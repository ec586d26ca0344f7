namespace Orchestrator.Storage.Fencing;

/// <summary>One fenced node: the effect key of the fence step that fenced it and when its fence script said so.</summary>
public sealed record FencedNode(string Node, string EffectKey, DateTimeOffset FencedAt);
