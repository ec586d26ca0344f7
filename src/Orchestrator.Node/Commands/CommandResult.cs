namespace Orchestrator.Node.Commands;

/// <summary>
/// How an <see cref="ExternalCommand"/> ended: its exit code (null when it could not start or was killed at its
/// timeout), what it wrote (each stream bounded by <see cref="CommandRunner.OutputLimit"/>) and why it has no exit
/// code when it has none.
/// </summary>
public sealed record CommandResult(int? ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The program ran past its timeout and was killed with its process group.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The program could not be started (not found, not executable): the reason.</summary>
    public string? NotStarted { get; init; }

    /// <summary>It ran and exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>"exit N: first line", "timed out (killed)" or why it did not start: for a one-line message.</summary>
    public string Describe() => TimedOut ? "timed out (killed)" : ExitCode is { } code ? $"exit {code}: {OneLine()}" : OneLine();

    /// <summary>Standard error, else standard output, as one line of at most 200 characters (for a message).</summary>
    public string OneLine()
    {
        var text = NotStarted ?? (string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError);
        var line = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 200 ? line : line[..197] + "...";
    }
}
