namespace Orchestrator.Environment.Ports;

/// <summary>A DNS record by type and name (e.g. A mail.example.com).</summary>
public sealed record DnsRecordName(string Type, string Name)
{
    public override string ToString() => $"{Type} {Name}";
}
