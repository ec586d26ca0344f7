using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Every command that would start a procedure of a hierarchy another procedure holds is refused with exit 3 by one
/// `conflict:` line that names the holder by its real id (never "#0"), and prints nothing on stdout, --json or not.
/// </summary>
public sealed class ConflictNamesHolderCliTests
{
    [Fact]
    public async Task Every_command_refused_by_an_active_procedure_exits_3_naming_its_real_id()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0); // #1, cancelled before it ran
        (await dir.RunAsync("procedures", "cancel", "1")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0); // #2: recorded, active (no serve runs it)

        string[][] commands =
        [
            ["switchover", "exch1", "--to", "node2", "--wait", "--json"],
            ["failback", "exch1", "--json"],
            ["failover", "exch1", "--failed-node", "node1", "--wait"],
            ["update", "start", "exch1", "--package", "6.5.7638"],
        ];
        foreach (var command in commands)
        {
            var refused = (await dir.RunAsync(command)).ShouldExitWith(3);
            refused.ShouldPrintOneError("conflict:", "#2 switchover", "procedures cancel 2");
        }

        Assert.Equal(2, await dir.ProcedureCountAsync());
    }
}
