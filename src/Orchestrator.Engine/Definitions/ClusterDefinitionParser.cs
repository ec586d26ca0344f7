using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Reads a cluster definition (YAML) into a <see cref="ClusterDefinition"/>, reporting every problem with its
/// line and column: syntax errors, unknown or repeated keys, missing keys, wrong value types, and (for
/// <see cref="ParseAndValidate"/> and <see cref="ParseFile"/>) every rule of <see cref="ClusterValidator"/>.
/// </summary>
public static class ClusterDefinitionParser
{
    /// <summary>Parses YAML text. The definition is returned only when there are no errors.</summary>
    public static ClusterDefinitionParseResult Parse(string yamlText)
    {
        var (definition, errors) = ParseCore(yamlText);
        return Result(definition, errors.All);
    }

    /// <summary>Parses YAML text and validates it: parse errors and validation errors together, by line.</summary>
    public static ClusterDefinitionParseResult ParseAndValidate(string yamlText)
    {
        var (definition, errors) = ParseCore(yamlText);
        var all = errors.All.ToList();
        if (definition is not null)
            all.AddRange(ClusterValidator.Validate(definition).Where(e => !errors.MissingKeyLocations.Contains(e.Location)));
        return Result(definition, all);
    }

    /// <summary>Reads, parses and validates a definition file, and checks the files it names (an agents cluster's token files).</summary>
    public static ClusterDefinitionParseResult ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failure(SourceLocation.Unknown, $"cluster definition file not found: {path}", "Check the path of the cluster definition file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failure(SourceLocation.Unknown, $"cluster definition file cannot be read: {path}: {ex.Message}", "Check that the file exists and is readable.");
        }
        var (text, notUtf8) = DefinitionText.Decode(bytes);
        if (text is null)
            return Result(null, [notUtf8!]);
        var parsed = ParseAndValidate(text);
        if (parsed.Definition is not { } definition || AgentFilesCheck.Check(definition) is not { Count: > 0 } refused)
            return parsed;
        return Result(null, [.. refused, .. parsed.Warnings]);
    }

    /// <summary>
    /// <paramref name="parsed"/> with <paramref name="more"/> problems found by a check that needs I/O beyond the file (an agents
    /// cluster's resources against their agents' meta-data): errors refuse the definition, warnings are kept, all by line.
    /// </summary>
    public static ClusterDefinitionParseResult Include(ClusterDefinitionParseResult parsed, IEnumerable<ValidationError> more)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(more);
        return Result(parsed.Definition, [.. parsed.Errors, .. parsed.Warnings, .. more]);
    }

    /// <summary>One line per error: "file:line:column: message Fix: fix" ("file:line:column: warning: ..." for a warning).</summary>
    public static string Format(string file, IEnumerable<ValidationError> errors) =>
        string.Join(System.Environment.NewLine, errors.Select(e => e.Format(file)));

    private static (ClusterDefinition? Definition, DefinitionErrors Errors) ParseCore(string yamlText)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var errors = new DefinitionErrors();
        try
        {
            var tree = YamlTreeReader.Read(yamlText, errors);
            return (ClusterDefinitionBuilder.Build(tree, errors), errors);
        }
        catch (DefinitionSyntaxException ex)
        {
            var syntax = new DefinitionErrors();
            syntax.Add(ex.Location, ex.Message, ex.Fix);
            return (null, syntax);
        }
    }

    private static ClusterDefinitionParseResult Failure(SourceLocation at, string message, string fix) =>
        new(null, [new ValidationError(at, message, fix)]);

    private static ClusterDefinitionParseResult Result(ClusterDefinition? definition, IReadOnlyList<ValidationError> found)
    {
        var ordered = found.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
        var errors = ordered.Where(e => !e.IsWarning).ToList();
        return new ClusterDefinitionParseResult(errors.Count == 0 ? definition : null, errors) { Warnings = ordered.Where(e => e.IsWarning).ToList() };
    }
}
