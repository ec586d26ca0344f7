using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The log file in the data directory is written by `serve` and by short CLI processes at the same time: every line
/// stays whole (no line cut into or written over by another process's) and none is lost.
/// </summary>
public sealed partial class SharedLogFileCliTests
{
    private const int Refusals = 5;

    [Fact]
    public async Task Serve_and_five_cli_commands_writing_at_once_leave_every_line_whole_and_none_lost()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        await using var serve = await ServeProcess.StartAsync(dir);

        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);
        // Each refused command writes one line ("... failed after ...") while serve writes procedure 1's step lines; serve,
        // which opened the file first, writes procedure 2's after them (where it had seen the end, before the fix).
        var refused = await Task.WhenAll(Enumerable.Range(0, Refusals).Select(_ => dir.RunAsync("switchover", "nosuch", "--to", "node2")));
        Assert.All(refused, r => r.ShouldExitWith(2));
        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node1")).ShouldExitWith(0); // serve writes on after the CLI processes' lines
        (await dir.RunAsync("procedures", "wait", "2")).ShouldExitWith(0);
        (await serve.StopAsync()).ShouldExitWith(0);

        var lines = Directory.GetFiles(Path.Combine(dir.Path, "logs"), "orchestrator-*.log").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).ToList();
        var broken = lines.Where(l => !WholeLine().IsMatch(l)).ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} line(s) do not start with a timestamp and a level (cut or interleaved):\n{string.Join('\n', broken.Take(10))}");
        Assert.Equal(Refusals, lines.Count(l => l.Contains("StartSwitchoverCommand failed after", StringComparison.Ordinal) && l.Contains("'nosuch'", StringComparison.Ordinal)));
        foreach (var procedure in new[] { 1, 2 })
        {
            for (var step = 1; step <= Samples.TwoNodeSwitchoverSteps; step++)
            {
                var head = string.Create(CultureInfo.InvariantCulture, $"Procedure {procedure} step {step}: ");
                Assert.True(lines.Count(l => l.Contains(head, StringComparison.Ordinal)) == 1, $"expected one line with '{head}' in the log:\n{string.Join('\n', lines)}");
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[(VRB|DBG|INF|WRN|ERR|FTL)\] ")]
    private static partial Regex WholeLine();
}
