using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 4 (S5): `dependency add|remove PARENT CHILD` through the real CLI. The hierarchy is the one whose tree holds
/// both resources; a cycle, an orphan, a resource under itself or an unknown resource is refused (exit 2, naming the dependency
/// and the fix, nothing recorded); an accepted change is a procedure that stores the edited tree, audited.
/// </summary>
public sealed class DependencyCliTests
{
    [Fact]
    public async Task Cycle_orphan_self_and_unknown_resources_are_refused_naming_the_dependency_and_the_fix()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "F", "EXCH1"], "F under EXCH1 would make a cycle in hierarchy exch1", "EXCH1 -> F -> EXCH1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "remove", "EXCH1", "F"], "F without a parent", "orphan", "dependency add PARENT F");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "E", "E"], "resource E cannot depend on itself in hierarchy exch1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "EXCH1", "Z"], "resource Z (in no hierarchy)", "--hierarchy");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "EXCH1", "Z", "--hierarchy", "exch1"], "resource Z is not in hierarchy exch1", "check the names");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "remove", "E", "F"], "E does not depend on F in hierarchy exch1");
    }

    [Fact]
    public async Task Add_then_remove_stores_the_tree_each_time_and_the_stored_tree_is_what_the_next_check_sees()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        var added = (await dir.RunAsync("--actor", "bob", "dependency", "add", "E", "F", "--wait")).ShouldExitWith(0);
        // The stored tree now has E -> F: adding it again is refused, and F under E under... E under F closes a cycle.
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "E", "F"], "E already depends on F in hierarchy exch1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "add", "F", "E"], "cycle", "E -> F");
        // F has two parents now (EXCH1 and E): removing EXCH1 -> F leaves it one, so it is allowed; then E -> F is its last.
        (await dir.RunAsync("dependency", "remove", "EXCH1", "F", "--wait")).ShouldExitWith(0);
        await dir.ShouldBeRefusedWithoutChangeAsync(["dependency", "remove", "E", "F"], "F without a parent");

        Assert.Contains("dependency-change of exch1", added.StdOut, StringComparison.Ordinal);
        Assert.Contains("store the cluster definition changed for exch1", added.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, (await dir.StatusAsync()).DefinitionVersion);
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "1000")).ShouldExitWith(0));
        Assert.Contains(audit, a => a.Kind == "dependency-change" && a.Actor == "bob" && a.Reason.Contains("dependency add E F --hierarchy exch1", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Kind == "cluster" && a.TriggerName == "Apply" && a.Reason.Contains("dependency remove EXCH1 F --hierarchy exch1", StringComparison.Ordinal));
        // The definition-only change touched nothing in the world.
        (await dir.WorldAsync()).ShouldReplayEachKeyAtMost(0, "dependency changes");
        await dir.AuditChainShouldHoldAsync();
    }
}
