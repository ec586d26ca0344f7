namespace Orchestrator.Environment.Ports;

/// <summary>The resources asked about on <paramref name="Node"/>: those of every hierarchy placed on it.</summary>
public sealed record NodeResourceQuery(
    string Node, IReadOnlyCollection<string> Services, IReadOnlyCollection<string> Volumes, IReadOnlyCollection<string> Addresses, IReadOnlyCollection<DnsRecordName> Dns);
