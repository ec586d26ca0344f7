using Orchestrator.Domain.Validation;

namespace Orchestrator.Cli.Output;

/// <summary>A warning of a cluster definition in --json: where, what and the fix (it did not refuse the file).</summary>
public sealed record DefinitionWarning(int Line, int Column, string Message, string Fix)
{
    public static IReadOnlyList<DefinitionWarning> Of(IEnumerable<ValidationError> warnings) =>
        [.. warnings.Select(w => new DefinitionWarning(w.Location.Line, w.Location.Column, w.Message, w.Fix))];
}
