namespace Orchestrator.Environment.World;

/// <summary>A node, service, volume, address, share, DNS record or hierarchy the world does not know.</summary>
public sealed class UnknownWorldObjectException : ArgumentException
{
    public UnknownWorldObjectException(string objectKind, string name, IEnumerable<string> knownNames)
        : this(objectKind, name, knownNames.ToArray())
    {
    }

    private UnknownWorldObjectException(string objectKind, string name, IReadOnlyList<string> knownNames)
        : base(Describe(objectKind, name, knownNames))
    {
        ObjectKind = objectKind;
        Name = name;
        KnownNames = knownNames;
    }

    /// <summary>What was looked up: "node", "service", "volume", "address", "share", "DNS record", "hierarchy" or "user".</summary>
    public string ObjectKind { get; }

    /// <summary>The name that was not found.</summary>
    public string Name { get; }

    /// <summary>The names the world knows for <see cref="ObjectKind"/>.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    private static string Describe(string objectKind, string name, IReadOnlyList<string> knownNames) =>
        knownNames.Count == 0
            ? $"unknown {objectKind} '{name}'; the world knows no {objectKind}s (was it seeded?)"
            : $"unknown {objectKind} '{name}'; known {objectKind}s: {string.Join(", ", knownNames)}";
}
