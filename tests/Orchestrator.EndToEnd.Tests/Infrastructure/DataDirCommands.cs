using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>The CLI commands the tests run often, with their output parsed.</summary>
public static class DataDirCommands
{
    public static async Task ApplyAsync(this TempDataDir dir, string yaml) =>
        (await dir.RunAsync("cluster", "apply", yaml)).ShouldExitWith(0);

    public static async Task<ProcedureJson> ProcedureAsync(this TempDataDir dir, long id) =>
        Json.Parse<ProcedureJson>((await dir.RunAsync("procedures", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).ShouldExitWith(0));

    public static async Task<WorldJson> WorldAsync(this TempDataDir dir) =>
        Json.Parse<WorldJson>((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0));

    public static async Task<StatusJson> StatusAsync(this TempDataDir dir) =>
        Json.Parse<StatusJson>((await dir.RunAsync("status", "--json")).ShouldExitWith(0));

    public static async Task<int> AuditCountAsync(this TempDataDir dir) =>
        Json.Parse<JsonElement>((await dir.RunAsync("audit", "list", "--json", "--limit", "100000")).ShouldExitWith(0)).GetArrayLength();

    public static async Task<int> ProcedureCountAsync(this TempDataDir dir) =>
        Json.Parse<JsonElement>((await dir.RunAsync("procedures", "list", "--json", "--limit", "100000")).ShouldExitWith(0)).GetProperty("procedures").GetArrayLength();

    public static async Task AuditChainShouldHoldAsync(this TempDataDir dir) =>
        (await dir.RunAsync("audit", "verify")).ShouldExitWith(0);

    /// <summary>Polls <c>procedures show</c> until <paramref name="until"/> holds; the last view either way.</summary>
    public static async Task<ProcedureJson> PollProcedureAsync(this TempDataDir dir, long id, Func<ProcedureJson, bool> until, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var view = await dir.ProcedureAsync(id);
            if (until(view) || clock.Elapsed > timeout)
            {
                return view;
            }

            await Task.Delay(100);
        }
    }
}
