using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What `world show --json` says of one service on one node: its state and start mode (S7), read as the world prints them;
/// and where it points a DNS record.
/// </summary>
public static class WorldServiceModes
{
    public static async Task<JsonElement> WorldDocumentAsync(this TempDataDir dir) =>
        JsonDocument.Parse((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0).StdOut).RootElement.Clone();

    /// <summary>"State/StartMode" of <paramref name="service"/> on <paramref name="node"/>, e.g. "Running/Manual".</summary>
    public static string Service(this JsonElement world, string node, string service)
    {
        var n = world.GetProperty("nodes").EnumerateArray().Single(x => x.GetProperty("name").GetString() == node);
        var s = n.GetProperty("services").EnumerateArray().Single(x => string.Equals(x.GetProperty("name").GetString(), service, StringComparison.OrdinalIgnoreCase));
        return $"{s.GetProperty("state").GetString()}/{s.GetProperty("startMode").GetString()}";
    }

    /// <summary>The times an effect was applied, by its key "{EffectKind}:{node}/{target}" (0 when never).</summary>
    public static long Applied(this JsonElement world, string key) =>
        world.GetProperty("applied").TryGetProperty(key, out var count) ? count.GetInt64() : 0;

    public static string? DnsTarget(this JsonElement world, string name) =>
        world.GetProperty("dnsRecords").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name).GetProperty("target").GetString();

    public static IReadOnlyList<string> HierarchyNames(this JsonElement world) =>
        [.. world.GetProperty("hierarchies").EnumerateArray().Select(x => x.GetProperty("name").GetString()!)];
}
