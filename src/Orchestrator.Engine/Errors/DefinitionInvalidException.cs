namespace Orchestrator.Engine.Errors;

/// <summary>A cluster definition file with errors; <see cref="Exception.Message"/> lists every one as file:line:col.</summary>
public sealed class DefinitionInvalidException(string file, IReadOnlyList<string> errors)
    : Exception($"{file}: {errors.Count} error(s) in the cluster definition")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
