using Orchestrator.Engine.Definitions;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16: `cluster apply --dry-run` on the lab samples too. Their agents' token files are the lab hosts'
/// (/etc/orchestrator/agent.token), so the test writes one of its own (0600) and points the file at it — the only change.
/// Applying them for real would call the agents at their 198.18.x addresses, which exist only inside the lab's namespaces,
/// so only the plan is checked here; the lab tests apply them there.
/// </summary>
public sealed class LabSampleDryRunCliTests
{
    public static TheoryData<string> LabSamples() =>
        [.. Directory.GetFiles(Path.Combine(Samples.RepoRoot, "workflows", "samples"), "lab-agents*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(LabSamples))]
    public async Task A_lab_sample_plans_with_dry_run_and_changes_nothing(string sample)
    {
        using var dir = new TempDataDir();
        var token = dir.Sibling("agent.token");
        await File.WriteAllTextAsync(token, new string('a', 64));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var text = (await File.ReadAllTextAsync(Path.Combine(Samples.RepoRoot, "workflows", "samples", sample))).Replace("/etc/orchestrator/agent.token", token, StringComparison.Ordinal);
        var file = dir.Sibling(sample);
        await File.WriteAllTextAsync(file, text);

        var dry = (await dir.RunAsync("cluster", "apply", file, "--dry-run")).ShouldExitWith(0);

        Assert.False(DataDirSnapshot.Take(dir.Path).Exists, "a dry run on a new data directory must not create it");
        Assert.Contains("(first apply)", dry.StdOut, StringComparison.Ordinal);
        var definition = ClusterDefinitionParser.Parse(text).Definition ?? throw new InvalidOperationException($"{sample} does not parse");
        foreach (var h in definition.Hierarchies)
        {
            Assert.Contains($"  create hierarchy {h.Name} ", dry.StdOut, StringComparison.Ordinal);
        }
    }
}
