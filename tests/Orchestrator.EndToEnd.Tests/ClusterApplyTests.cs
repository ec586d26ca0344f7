using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>The history of cluster definitions as `cluster apply` keeps it.</summary>
public sealed class ClusterApplyTests
{
    [Fact]
    public async Task Re_applying_an_earlier_definition_stores_it_as_a_new_version_and_the_audit_says_which_it_repeats()
    {
        using var dir = new TempDataDir();
        var a = Samples.TwoNode;
        var b = dir.Sibling("two-node-b.yaml");
        await File.WriteAllTextAsync(b, Samples.TwoNodeWithMaxWait("MSExchangeIS", 120));

        await dir.ApplyAsync(a);
        await dir.ApplyAsync(b);
        var again = (await dir.RunAsync("cluster", "apply", a)).ShouldExitWith(0);

        Assert.Contains("definition v3", again.StdOut, StringComparison.Ordinal);
        Assert.Contains("same text as v1", again.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, (await dir.StatusAsync()).DefinitionVersion);
        var applies = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--kind", "cluster", "--json")).ShouldExitWith(0));
        Assert.Equal(3, applies.Count);
        Assert.Contains(applies, r => r.Reason.Contains("as definition v3", StringComparison.Ordinal) && r.Reason.Contains("same text as v1", StringComparison.Ordinal));
        await dir.AuditChainShouldHoldAsync();

        // The current version is still a no-op to apply again, and the last but one is a new version again.
        (await dir.RunAsync("cluster", "apply", a)).ShouldExitWith(0);
        Assert.Equal(3, (await dir.StatusAsync()).DefinitionVersion);
        var b2 = (await dir.RunAsync("cluster", "apply", b)).ShouldExitWith(0);
        Assert.Contains("same text as v2", b2.StdOut, StringComparison.Ordinal);
        Assert.Equal(4, (await dir.StatusAsync()).DefinitionVersion);
    }
}
