namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The CLI runs with ICU (Microsoft.Data.SqlClient needs it: README "SQL Server"), so the user's locale could reach its
/// output; it does not: every command prints the same bytes under a German or Turkish locale as under LANG=C (decimal
/// commas, Turkish dotless i, time separators).
/// </summary>
public sealed class CultureIndependentOutputCliTests
{
    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("tr_TR.UTF-8")]
    public async Task UnderAnotherLocale_StatusHistoryAndTheTimeline_PrintTheSameBytes(string locale)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--reason", "INFO: node1 lost", "--wait")).ShouldExitWith(0);

        string[][] commands =
        [
            ["--json", "status"],
            ["--json", "procedures", "list"],
            ["--json", "audit", "list", "--limit", "1000"],
            ["audit", "timeline", "exch1"],
            ["--json", "audit", "timeline", "exch1"],
        ];
        foreach (var command in commands)
        {
            var plain = await dir.RunWithAsync(Locale("C.UTF-8"), command);
            var local = await dir.RunWithAsync(Locale(locale), command);
            plain.ShouldExitWith(0);
            local.ShouldExitWith(0);
            Assert.True(plain.StdOut == local.StdOut, $"`{string.Join(' ', command)}` under {locale} printed\n{local.StdOut}\nunder C.UTF-8\n{plain.StdOut}");
        }
    }

    private static Dictionary<string, string> Locale(string name) => new(StringComparer.Ordinal) { ["LANG"] = name, ["LC_ALL"] = name };
}
