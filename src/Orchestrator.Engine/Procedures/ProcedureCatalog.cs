using Orchestrator.Engine.Errors;

namespace Orchestrator.Engine.Procedures;

/// <summary>All registered procedure kinds; two with one kind (case aside) fail its construction, naming both types.</summary>
public sealed class ProcedureCatalog(IEnumerable<IProcedureDefinition> definitions)
{
    private readonly Dictionary<string, IProcedureDefinition> _byKind = UniqueNames.Index(definitions, d => d.Kind, "procedure kind", StringComparer.OrdinalIgnoreCase);

    public IProcedureDefinition Get(string kind) =>
        _byKind.TryGetValue(kind, out var d) ? d : throw new BadInputException($"unknown procedure kind '{kind}'; known: {string.Join(", ", _byKind.Keys)}");
}
