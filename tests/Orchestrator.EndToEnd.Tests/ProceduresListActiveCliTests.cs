using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 11 point 4, as an operator meets it: `procedures list --active` lists every active procedure (read by index), and only those.</summary>
public sealed class ProceduresListActiveCliTests
{
    [Fact]
    public async Task Procedures_list_active_shows_the_active_procedure_and_not_the_finished_one()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node1")).ShouldExitWith(0); // recorded; nothing runs it (no serve)

        var all = await dir.RunAsync("procedures", "list", "--json");
        var active = await dir.RunAsync("procedures", "list", "--active", "--json");
        var none = await dir.RunAsync("procedures", "list", "--active", "--hierarchy", "exch2", "--json");

        all.ShouldExitWith(0);
        active.ShouldExitWith(0);
        none.ShouldExitWith(0);
        Assert.Equal([(true, "node1"), (false, "node2")], Json.Parse<ProcedurePageJson>(all).Procedures.Select(p => (p.IsActive, p.TargetNode)));
        var only = Assert.Single(Json.Parse<ProcedurePageJson>(active).Procedures);
        Assert.Equal(("exch1", true, "node1"), (only.Hierarchy, only.IsActive, only.TargetNode));
        Assert.Empty(Json.Parse<ProcedurePageJson>(none).Procedures);
    }
}
