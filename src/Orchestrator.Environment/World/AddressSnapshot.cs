namespace Orchestrator.Environment.World;

/// <summary>A switchable IP address and the node owning it (null: nobody).</summary>
public sealed record AddressSnapshot(string Address, string? Owner);
