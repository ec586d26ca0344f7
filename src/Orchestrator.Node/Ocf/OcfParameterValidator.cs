using System.Globalization;

namespace Orchestrator.Node.Ocf;

/// <summary>
/// Checks the parameters given to a resource agent against its meta-data: every required parameter present and not
/// empty, every given parameter declared, integers and booleans readable. Pure: no I/O.
/// </summary>
public static class OcfParameterValidator
{
    private static readonly string[] Booleans = ["true", "false", "yes", "no", "on", "off", "1", "0", "y", "n"];

    /// <summary>The problems, in the meta-data's order then the given parameters' order; empty when there is none.</summary>
    public static IReadOnlyList<OcfParameterProblem> Validate(OcfMetadata metadata, IReadOnlyDictionary<string, string> parameters)
    {
        var problems = new List<OcfParameterProblem>();
        foreach (var declared in metadata.Parameters.Where(p => p.Required))
        {
            if (!parameters.TryGetValue(declared.Name, out var value) || string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new OcfParameterProblem(
                    metadata.Agent,
                    declared.Name,
                    OcfProblemKind.MissingRequired,
                    $"resource agent {metadata.Agent} requires parameter '{declared.Name}' ({declared.Type}: {declared.ShortDescription}): add it"));
            }
        }

        foreach (var (name, value) in parameters)
        {
            var declared = metadata.Find(name);
            if (declared is null)
            {
                problems.Add(new OcfParameterProblem(
                    metadata.Agent,
                    name,
                    OcfProblemKind.Unknown,
                    $"resource agent {metadata.Agent} has no parameter '{name}' (its parameters: {string.Join(", ", metadata.Parameters.Select(p => p.Name))})"));
            }
            else if (!string.IsNullOrEmpty(value) && !Reads(declared.Type, value))
            {
                problems.Add(new OcfParameterProblem(
                    metadata.Agent,
                    name,
                    OcfProblemKind.InvalidValue,
                    $"resource agent {metadata.Agent}'s parameter '{name}' is {declared.Type}, not '{value}'"));
            }
        }

        return problems;
    }

    private static bool Reads(string type, string value) => type switch
    {
        "integer" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "boolean" => Booleans.Contains(value.ToLowerInvariant()),
        _ => true,
    };
}
