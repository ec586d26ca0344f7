using System.CommandLine;

namespace Orchestrator.Cli.Tests;

public sealed class CliVerbsTests
{
    private static readonly string[] TodaysHelpOrder =
        ["demo", "cluster", "status", "switchover", "failover", "failback", "users", "replicas", "update",
         "procedures", "audit", "world", "serve", "agent", "dashboard", "db"];

    [Fact]
    public void TheDiscoveredVerbs_KeepTheHelpOrder()
    {
        Assert.Equal([.. TodaysHelpOrder[..9], "credentials", "dependency", "hierarchy", "services", .. TodaysHelpOrder[9..]], CliApplication.Build().Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void EveryCommandsClassWithACreateMethod_IsAVerb()
    {
        var classes = typeof(CliApplication).Assembly.GetTypes()
            .Where(t => t.Namespace == "Orchestrator.Cli.Commands" && t.GetMethod("Create", Type.EmptyTypes)?.ReturnType == typeof(Command))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(classes, CliVerbs.Discover(typeof(CliApplication).Assembly).Select(m => m.DeclaringType!.Name));
        Assert.Equal(TodaysHelpOrder.Length + 4, CliVerbs.Discover(typeof(CliApplication).Assembly).Count); // + credentials (issue 16 point 6), hierarchy (points 1-3), dependency, services (points 4-5)
    }

    [Fact]
    public void ANewVerb_ComesAfterTheProcedureVerbs_ByName()
    {
        var verbs = TodaysHelpOrder.Append("hierarchy").Append("dependency").Reverse().Select(n => ("test", new Command(n)));
        var names = CliVerbs.Order(verbs).Select(c => c.Name).ToList();
        Assert.Equal([.. TodaysHelpOrder[..9], "dependency", "hierarchy", .. TodaysHelpOrder[9..]], names);
    }

    [Fact]
    public void TwoVerbsOfOneName_AreRefused_NamingBothSources()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CliVerbs.Order([("FirstCommands", new Command("hierarchy")), ("SecondCommands", new Command("hierarchy"))]));
        Assert.Contains("'hierarchy'", e.Message, StringComparison.Ordinal);
        Assert.Contains("FirstCommands", e.Message, StringComparison.Ordinal);
        Assert.Contains("SecondCommands", e.Message, StringComparison.Ordinal);
    }
}
