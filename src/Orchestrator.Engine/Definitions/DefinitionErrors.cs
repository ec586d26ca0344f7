using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The errors found while reading a definition. Remembers where required keys were missing, so that the
/// validator's matching complaint about the same element (e.g. "no priorities") is not reported twice.
/// </summary>
internal sealed class DefinitionErrors
{
    private readonly List<ValidationError> errors = [];
    private readonly HashSet<SourceLocation> missingKeyLocations = [];

    public IReadOnlyList<ValidationError> All => errors;

    public IReadOnlySet<SourceLocation> MissingKeyLocations => missingKeyLocations;

    public void Add(SourceLocation at, string message, string fix) => errors.Add(new ValidationError(at, message, fix));

    public void Add(ValidationError error) => errors.Add(error);

    public void AddMissing(SourceLocation at, string message, string fix)
    {
        missingKeyLocations.Add(at);
        Add(at, message, fix);
    }
}
