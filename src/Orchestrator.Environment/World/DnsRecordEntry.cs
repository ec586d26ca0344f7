namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one DNS record (A or PTR): the node it points at.</summary>
public sealed class DnsRecordEntry
{
    public string Type { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Target { get; set; }

    /// <summary>The identity of a record, "{type} {name}", as used in counters and fault targets.</summary>
    public static string KeyOf(string type, string name) => $"{type} {name}";

    public DnsRecordEntry Clone() => new() { Type = Type, Name = Name, Target = Target };
}
