namespace Orchestrator.Environment.World;

/// <summary>A DNS record and the node it points at (null: nowhere yet).</summary>
public sealed record DnsRecordSnapshot(string Type, string Name, string? Target);
