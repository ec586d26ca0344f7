using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests.Support;

/// <summary>workflows/samples/lab-agents.yaml, and variants of it (a line replaced) for the definition tests.</summary>
public static class LabAgentsSample
{
    public static string Path => System.IO.Path.Combine(Samples.RepoRoot, "workflows", "samples", "lab-agents.yaml");

    public static string Text => File.ReadAllText(Path).ReplaceLineEndings("\n");

    /// <summary>The sample with the first <paramref name="line"/> (whole, as written) replaced by <paramref name="replacement"/> (removed when empty).</summary>
    public static string With(string line, string replacement)
    {
        var text = Text;
        Assert.Contains(line + "\n", text);
        return ReplaceFirst(text, line + "\n", replacement.Length == 0 ? "" : replacement + "\n");
    }

    /// <summary>The 1-based number of the first line of the sample that contains <paramref name="fragment"/>.</summary>
    public static int LineOf(string fragment, string? text = null) =>
        (text ?? Text).Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(fragment, StringComparison.Ordinal)).i + 1;

    /// <summary>The sample pointing at <paramref name="agents"/> (node1, node2), with their token in <paramref name="tokenFile"/> and the given settings lines.</summary>
    public static string For(FakeAgent node1, FakeAgent node2, string tokenFile, string fence1 = "/bin/true", string fence2 = "/bin/true")
    {
        var text = Text
            .Replace("[http://198.18.7.11:7070, http://198.18.8.11:7070]", $"[{string.Join(", ", node1.Urls)}]", StringComparison.Ordinal)
            .Replace("[http://198.18.7.12:7070, http://198.18.8.12:7070]", $"[{string.Join(", ", node2.Urls)}]", StringComparison.Ordinal)
            .Replace("/etc/orchestrator/agent.token", tokenFile, StringComparison.Ordinal)
            .Replace("/usr/local/lib/orchestrator/fence-node1", fence1, StringComparison.Ordinal)
            .Replace("/usr/local/lib/orchestrator/fence-node2", fence2, StringComparison.Ordinal)
            .Replace("automatic-failover: true", "automatic-failover: false", StringComparison.Ordinal);
        return text;
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + old.Length)..];
    }
}
