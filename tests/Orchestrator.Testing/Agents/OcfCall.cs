namespace Orchestrator.Testing.Agents;

/// <summary>One call of a test's OCF script, as it logged it: the verb, the node whose agent ran it, the resource (OCF_RESOURCE_INSTANCE), its exit code and its OCF_RESKEY_* parameters.</summary>
public sealed record OcfCall(string Verb, string Node, string Resource, int Exit, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Parses a line <c>VERB NODE RESOURCE exit=N OCF_RESKEY_a=1 OCF_RESKEY_b=2</c>; parameters without their prefix.</summary>
    public static OcfCall Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4 || !words[3].StartsWith("exit=", StringComparison.Ordinal))
        {
            throw new FormatException($"not a line of the OCF script's log: '{line}'");
        }

        var parameters = words.Skip(4).Select(w => w.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0].StartsWith(OcfScript.ParameterPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv[0][OcfScript.ParameterPrefix.Length..], kv => kv[1], StringComparer.Ordinal);
        return new OcfCall(words[0], words[1], words[2], int.Parse(words[3]["exit=".Length..], System.Globalization.CultureInfo.InvariantCulture), parameters);
    }

    /// <summary>"start node1 queue" (what the ordering assertions compare).</summary>
    public string What => $"{Verb} {Node} {Resource}";

    public override string ToString() => $"{What} exit={Exit}";
}
