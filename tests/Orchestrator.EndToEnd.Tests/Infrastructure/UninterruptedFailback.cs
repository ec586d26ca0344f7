using System.Text.RegularExpressions;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The baseline: the failback scenario (<see cref="FailbackScenario"/>) run once without any crash. A recovered
/// failback must leave exactly the same effects applied (each once, none twice, none missing), the same world, and
/// the same story in the audit journal. Computed once per test run and shared by every class that uses it (the
/// crash points are split over several classes so that xUnit runs them in parallel). Run on SQLite when the fixture
/// starts, and once on PostgreSQL (<see cref="TestStore"/>) when a test first compares a run on it.
/// </summary>
public sealed partial class UninterruptedFailback : IAsyncLifetime
{
    private static readonly Lazy<Task<Baseline>> Shared = new(() => ComputeAsync(TestStore.Sqlite));

    private static readonly Lazy<Task<Baseline>> OnPostgres = new(() => ComputeAsync(TestStore.Postgres));

    private Baseline _baseline = new(new Dictionary<string, int>(), "", []);

    /// <summary>Effects applied after failover and failback on SQLite, by effect key (every count is 1).</summary>
    public IReadOnlyDictionary<string, int> Applied => _baseline.Applied;

    /// <summary><c>audit list --hierarchy exch1 --json</c> after the failover and the failback on SQLite.</summary>
    public IReadOnlyList<AuditJson> Audit => _baseline.Audit;

    public async Task InitializeAsync() => _baseline = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Procedure #2 completed; exch1 in service on node1 only; every effect applied exactly as in the baseline (so no
    /// user moved twice); every user home on node1; no invariant ever violated; the audit chain intact and telling
    /// the same story (each step of each procedure recorded once, in order) as the uninterrupted run on <paramref name="store"/>.
    /// </summary>
    public async Task ShouldMatchAsync(TempDataDir dir, TestStore store, string context)
    {
        var baseline = store == TestStore.Sqlite ? _baseline : await OnPostgres.Value;
        var procedure = await dir.ProcedureAsync(FailbackScenario.FailbackId);
        Assert.True(procedure.State == "Completed", $"{context}: procedure #{FailbackScenario.FailbackId} is {procedure.State} ({procedure.LastError})");
        Assert.Equal(FailbackScenario.FailbackSteps, procedure.StepsDone);

        var world = await dir.WorldAsync();
        Assert.Equal(["node1"], world.InServiceNodesOf("exch1"));
        Assert.True(Render(baseline.Applied) == Render(world.Applied),
            $"{context}: effects applied differ from the uninterrupted run\n--- expected ---\n{Render(baseline.Applied)}\n--- actual ---\n{Render(world.Applied)}");
        UsersShouldBeHomeOnNode1(world, context);
        NoInvariantShouldBeViolated(world, context);
        Assert.True(baseline.World == RenderWorld(world),
            $"{context}: the world differs from the uninterrupted run\n--- expected ---\n{baseline.World}\n--- actual ---\n{RenderWorld(world)}");

        await dir.AuditChainShouldHoldAsync();
        var audit = await dir.AuditOfAsync("exch1");
        AuditShouldTellBothProcedures(audit, context);
        foreach (var id in new[] { FailbackScenario.FailoverId, FailbackScenario.FailbackId })
        {
            var expected = string.Join("\n", Story(baseline.Audit, id));
            var actual = string.Join("\n", Story(audit, id));
            Assert.True(expected == actual,
                $"{context}: the audit story of procedure #{id} differs from the uninterrupted run\n--- expected ---\n{expected}\n--- actual ---\n{actual}");
        }
    }

    private static async Task<Baseline> ComputeAsync(TestStore store)
    {
        using var dir = new TempDataDir();
        await dir.UseAsync(store);
        await dir.FailedOverAndRestoredAsync();
        (await dir.RunAsync("failback", "exch1", "--wait")).ShouldExitWith(0);

        var procedure = await dir.ProcedureAsync(FailbackScenario.FailbackId);
        Assert.Equal("Completed", procedure.State);
        Assert.Equal(FailbackScenario.FailbackSteps, procedure.StepsDone);

        var world = await dir.WorldAsync();
        Assert.Equal(["node1"], world.InServiceNodesOf("exch1"));
        Assert.All(world.Applied, e => Assert.Equal(1, e.Value));
        // failover: fence, 3 mounts, IP, DNS, 5 starts, 3 shares, 3 users = 17 (no routing-group swap on two nodes);
        // failback: 5 stops, 3 share removals, IP release, 3 unmounts, 3 mounts, IP, DNS, 5 starts, 3 shares, 3 users, queues = 29
        // plus the apply's 8 (S7: 4 optional services set to manual start on each node)
        Assert.Equal(17 + 29 + 8, world.Applied.Count);
        UsersShouldBeHomeOnNode1(world, "uninterrupted failback");
        NoInvariantShouldBeViolated(world, "uninterrupted failback");

        await dir.AuditChainShouldHoldAsync();
        var audit = await dir.AuditOfAsync("exch1");
        AuditShouldTellBothProcedures(audit, "uninterrupted failback");
        Assert.Equal(FailbackScenario.FailoverSteps, Story(audit, FailbackScenario.FailoverId).Count(l => l.StartsWith("StepSucceeded", StringComparison.Ordinal)));
        Assert.Equal(FailbackScenario.FailbackSteps, Story(audit, FailbackScenario.FailbackId).Count(l => l.StartsWith("StepSucceeded", StringComparison.Ordinal)));
        return new Baseline(world.Applied, RenderWorld(world), audit);
    }

    /// <summary>Every user is home on node1 again, moved there by the failback exactly once.</summary>
    private static void UsersShouldBeHomeOnNode1(WorldJson world, string context)
    {
        Assert.Equal(FailbackScenario.Users, world.Users.Select(u => u.Name).Order(StringComparer.Ordinal));
        foreach (var user in world.Users)
        {
            Assert.True(user.Home == "node1", $"{context}: user {user.Name} is homed on {user.Home}, not node1");
            var key = $"UserMove:node1/{user.Name}";
            Assert.True(world.Applied.GetValueOrDefault(key) == 1, $"{context}: {key} applied {world.Applied.GetValueOrDefault(key)} times, not once");
        }
    }

    /// <summary>The world checks its invariants on every effect: an empty list means they held at all times.</summary>
    private static void NoInvariantShouldBeViolated(WorldJson world, string context)
    {
        Assert.True(world.Violations.Count == 0, $"{context}: the world recorded invariant violations:\n{string.Join("\n", world.Violations)}");
        Assert.NotEmpty(world.ViolationCounts);
        Assert.All(world.ViolationCounts, c => Assert.True(c.Value == 0, $"{context}: {c.Key} violated {c.Value} times"));
    }

    /// <summary>Rows for both procedures, each with a reason; each procedure starts with one <c>Requested</c> row.</summary>
    private static void AuditShouldTellBothProcedures(IReadOnlyList<AuditJson> audit, string context)
    {
        Assert.All(audit, row => Assert.True(!string.IsNullOrWhiteSpace(row.Reason), $"{context}: audit row {row.Id} ({row.TriggerName}) has no reason"));
        foreach (var (id, kind) in new[] { (FailbackScenario.FailoverId, "failover"), (FailbackScenario.FailbackId, "failback") })
        {
            var rows = audit.Where(r => r.ProcedureId == id).ToList();
            Assert.True(rows.Count > 0, $"{context}: no audit row for procedure #{id}");
            Assert.True(rows.All(r => r.Kind == kind), $"{context}: procedure #{id} should be a {kind}: {string.Join(", ", rows.Select(r => r.Kind).Distinct())}");
            Assert.True(rows[0].TriggerName == "Requested" && rows.Count(r => r.TriggerName == "Requested") == 1,
                $"{context}: procedure #{id} should start with its one Requested row: {string.Join(", ", rows.Select(r => r.TriggerName))}");
        }
    }

    /// <summary>
    /// What the journal says a procedure did: its request and each step it finished, in order, word for word.
    /// Other rows (a note that a crashed run was resumed, say) may come and go; these must not.
    /// </summary>
    private static List<string> Story(IReadOnlyList<AuditJson> audit, long procedureId) =>
        [.. audit
            .Where(r => r.ProcedureId == procedureId && r.TriggerName is "Requested" or "StepSucceeded")
            .Select(r => $"{r.TriggerName} {r.FromState ?? "-"} -> {r.ToState ?? "-"}: {r.Reason}")];

    private static string Render(IReadOnlyDictionary<string, int> applied) =>
        string.Join("\n", applied.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} = {e.Value}"));

    /// <summary>Where everything is: nodes with their services and shares, volumes, addresses, users.</summary>
    private static string RenderWorld(WorldJson world) =>
        string.Join("\n", [
            .. world.Nodes.Select(n =>
                $"node {n.Name} up={n.Up} services=[{string.Join(", ", n.Services.Select(s => $"{s.Name}:{s.State}"))}] shares=[{string.Join(", ", n.Shares)}]"),
            .. world.Volumes.Select(v => $"volume {v.Name} on {v.MountedOn ?? "-"}"),
            .. world.Addresses.Select(a => $"address {a.Address} owned by {a.Owner ?? "-"}"),
            .. world.Users.Select(u => $"user {u.Name}@{u.Domain} home {u.Home}"),
        ]);

    private sealed record Baseline(IReadOnlyDictionary<string, int> Applied, string World, IReadOnlyList<AuditJson> Audit);
}
