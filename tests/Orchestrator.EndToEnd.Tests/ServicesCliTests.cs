using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 5 (S14, S7): `services list|add|remove` through the real CLI. Refusals (a display name with a space, a service
/// protected twice, one not protected, a change on one node of a two-node hierarchy without --all-nodes) exit 2 naming the
/// service or hierarchy and the fix, and change nothing; a change runs as a procedure: start modes on every node, the service
/// stopped or started where the hierarchy is in service, each effect once, the definition stored with the order kept, audited.
/// </summary>
public sealed class ServicesCliTests
{
    [Fact]
    public async Task Each_refusal_names_the_object_and_the_fix_exit_2_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "add", "exch1", "Information Store", "--all-nodes"], "'Information Store'", "contains a space", "not its display name");
        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "add", "exch1", "SMTPSVC", "--all-nodes"], "service SMTPSVC is already protected by hierarchy exch1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "add", "exch1", "POP3Svc", "POP3Svc", "--all-nodes"], "service POP3Svc is named 2 times");
        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "remove", "exch1", "IMAP4Svc", "--all-nodes"], "service IMAP4Svc is not protected by hierarchy exch1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "add", "exch1", "IMAP4Svc"], "hierarchy exch1 runs on node1, node2", "services add exch1 IMAP4Svc --all-nodes");
        await dir.ShouldBeRefusedWithoutChangeAsync(["services", "add", "exch9", "IMAP4Svc", "--all-nodes"], "unknown hierarchy 'exch9'");
    }

    [Fact]
    public async Task Remove_then_add_sets_start_modes_on_every_node_stops_and_starts_where_in_service_once_and_keeps_the_order()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var seeded = await dir.WorldDocumentAsync();
        Assert.Equal("Running/Automatic", seeded.Service("node1", "W3SVC"));

        var removed = (await dir.RunAsync("--actor", "alice", "services", "remove", "exch1", "W3SVC", "--all-nodes", "--wait")).ShouldExitWith(0);
        var afterRemove = await dir.WorldDocumentAsync();
        var listedAfterRemove = Json.Parse<JsonElement>((await dir.RunAsync("services", "list", "exch1", "--json")).ShouldExitWith(0));
        var added = (await dir.RunAsync("services", "add", "exch1", "IMAP4Svc", "W3SVC", "--all-nodes", "--wait")).ShouldExitWith(0);
        var world = await dir.WorldDocumentAsync();
        var listed = Json.Parse<JsonElement>((await dir.RunAsync("services", "list", "exch1", "--json")).ShouldExitWith(0));
        var table = (await dir.RunAsync("services", "list", "exch1")).ShouldExitWith(0);

        Assert.Contains("services-change", removed.StdOut, StringComparison.Ordinal);
        Assert.Contains("stop service W3SVC on node1", removed.StdOut, StringComparison.Ordinal);
        Assert.Equal("Stopped/Manual", afterRemove.Service("node1", "W3SVC"));
        Assert.Equal("Stopped/Manual", afterRemove.Service("node2", "W3SVC"));
        Assert.Equal("Running/Automatic", afterRemove.Service("node1", "SMTPSVC")); // the others are untouched
        Assert.Equal(["RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC"], Names(listedAfterRemove));

        Assert.Contains("start service IMAP4Svc on node1", added.StdOut, StringComparison.Ordinal);
        Assert.Equal(["RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "IMAP4Svc", "W3SVC"], Names(listed)); // appended in the given order
        Assert.Equal("node1", listed.GetProperty("inServiceOn").GetString());
        var w3 = listed.GetProperty("services").EnumerateArray().Last();
        Assert.Equal("Running", w3.GetProperty("states").GetProperty("node1").GetString());
        Assert.Equal("Stopped", w3.GetProperty("states").GetProperty("node2").GetString());
        Assert.Contains("IMAP4Svc", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("node2", table.StdOut, StringComparison.Ordinal);
        foreach (var service in new[] { "IMAP4Svc", "W3SVC" })
        {
            Assert.Equal("Running/Manual", world.Service("node1", service));
            Assert.Equal("Stopped/Manual", world.Service("node2", service));
        }

        // Each effect once per key: W3SVC's start mode changed once by the removal (to manual) and not again by the addition (already manual).
        Assert.Equal(1, world.Applied("ServiceStartMode:node1/W3SVC"));
        Assert.Equal(1, world.Applied("ServiceStartMode:node2/W3SVC"));
        (await dir.WorldAsync()).ShouldReplayEachKeyAtMost(0, "services remove then add");

        var status = await dir.StatusAsync();
        Assert.Equal(3, status.DefinitionVersion);
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "1000")).ShouldExitWith(0));
        Assert.Contains(audit, a => a.Kind == "services-change" && a.Actor == "alice" && a.Reason.Contains("services remove exch1 W3SVC --all-nodes", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Kind == "cluster" && a.TriggerName == "Apply" && a.Reason.Contains("services add exch1 IMAP4Svc W3SVC --all-nodes", StringComparison.Ordinal));
        await dir.AuditChainShouldHoldAsync();
        Assert.Empty(listed.GetProperty("differences").EnumerateArray());

        // The list says where the world differs from what the placement implies.
        (await dir.RunAsync("world", "fail-service", "node1", "IMAP4Svc")).ShouldExitWith(0);
        var failed = Json.Parse<JsonElement>((await dir.RunAsync("services", "list", "exch1", "--json")).ShouldExitWith(0));
        Assert.Equal(["IMAP4Svc is Failed on node1, where exch1 is in service"], failed.GetProperty("differences").EnumerateArray().Select(d => d.GetString()));
    }

    private static List<string> Names(JsonElement list) =>
        [.. list.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
}
