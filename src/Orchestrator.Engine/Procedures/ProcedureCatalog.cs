using Orchestrator.Engine.Errors;

namespace Orchestrator.Engine.Procedures;

/// <summary>All registered procedure kinds.</summary>
public sealed class ProcedureCatalog(IEnumerable<IProcedureDefinition> definitions)
{
    private readonly Dictionary<string, IProcedureDefinition> _byKind = definitions.ToDictionary(d => d.Kind, StringComparer.OrdinalIgnoreCase);

    public IProcedureDefinition Get(string kind) =>
        _byKind.TryGetValue(kind, out var d) ? d : throw new BadInputException($"unknown procedure kind '{kind}'; known: {string.Join(", ", _byKind.Keys)}");
}
