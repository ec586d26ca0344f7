namespace Orchestrator.Node.Commands;

/// <summary>
/// One external program to run: its path or name and its argument list (never a shell line), optionally text for its
/// standard input (e.g. nsupdate's script) and variables added to its environment (e.g. an OCF agent's OCF_RESKEY_*).
/// </summary>
public sealed record ExternalCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Written to the program's standard input, then closed; null: the standard input is empty.</summary>
    public string? Input { get; init; }

    /// <summary>Variables added to (or replacing in) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The program and its arguments, as a person would type them (for messages; the input is not shown).</summary>
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
