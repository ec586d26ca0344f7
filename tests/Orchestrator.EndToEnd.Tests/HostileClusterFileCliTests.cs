using System.Text.RegularExpressions;
using CsCheck;
using Orchestrator.Testing.Definitions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 15, hostile cluster files and names through the built CLI: exit 2 with one line per error, never a crash.</summary>
public sealed partial class HostileClusterFileCliTests
{
    [GeneratedRegex(@"^(?<file>.+\.yaml):(?<line>\d+):(?<column>\d+): ")]
    private static partial Regex Position();

    [Fact]
    public async Task Thirty_thousand_levels_of_nesting_are_refused_at_their_line_by_validate_and_apply_not_with_a_stack_overflow()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("deep.yaml");
        await File.WriteAllTextAsync(yaml, "cluster: deep\nnodes: " + new string('[', 30_000) + new string(']', 30_000) + "\n");

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = await dir.RunAsync("cluster", verb, yaml);

            result.ShouldExitWith(2);
            Assert.Contains(result.ErrorLines, l => l.StartsWith($"{yaml}:2:", StringComparison.Ordinal) && l.Contains("nested more than 64 deep", StringComparison.Ordinal));
        }

        Assert.False(Directory.Exists(dir.Path), "a refused definition must not create the data directory");
    }

    [Theory]
    [InlineData("switchover", "ex\u001b]0;owned\u0007ch1", "--to", "node2")]
    [InlineData("switchover", "exch1", "--to", "node\n2")]
    [InlineData("failover", "exch 1")]
    public async Task A_name_argument_that_breaks_the_name_rule_is_refused_naming_it_escaped_before_anything_is_opened(params string[] arguments)
    {
        using var dir = new TempDataDir();

        var result = await dir.RunAsync(arguments);

        result.ShouldExitWith(2);
        Assert.Contains(result.ErrorLines, l => l.Contains(" name '", StringComparison.Ordinal) && l.Contains("letters (A-Z, a-z), digits", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdErr, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.False(Directory.Exists(dir.Path));
    }

    [Fact]
    public async Task A_hundred_thousand_character_node_name_is_refused_with_a_short_message()
    {
        using var dir = new TempDataDir();

        var result = await dir.RunAsync("switchover", "exch1", "--to", new string('n', 100_000));

        result.ShouldExitWith(2);
        Assert.True(result.StdErr.Length < 2_000, $"stderr has {result.StdErr.Length} characters");
        Assert.Contains("is 100000 characters long (at most 64)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_cluster_files_through_the_cli_exit_0_or_2_with_every_error_at_a_real_line()
    {
        using var dir = new TempDataDir();
        var path = dir.Sibling("mutated.yaml");
        MutatedClusterFiles.Generator.Where(c => c.Edits.Length > 0).Sample(c =>
        {
            var bytes = MutatedClusterFiles.Apply(c.Sample, c.Edits);
            File.WriteAllBytes(path, bytes);

            var result = dir.RunAsync("cluster", "validate", path).GetAwaiter().GetResult();

            Assert.True(result.ExitCode is 0 or 2, result.ToString());
            var lines = bytes.Count(b => b == '\n') + 1;
            var positions = result.ErrorLines.Select(l => Position().Match(l)).Where(m => m.Success).ToList();
            Assert.True(result.ExitCode == 0 || positions.Count > 0, result.ToString());
            Assert.All(positions, m =>
            {
                Assert.Equal(path, m.Groups["file"].Value);
                Assert.InRange(int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, lines + 1);
            });
        }, iter: 3, threads: 1);
    }
}
