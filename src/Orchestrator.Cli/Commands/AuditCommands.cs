using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.VerifyAudit;

namespace Orchestrator.Cli.Commands;

/// <summary>`audit list [--hierarchy H] [--procedure ID]` and `audit verify`.</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Read and verify the audit journal");
        audit.Subcommands.Add(List());
        audit.Subcommands.Add(Verify());
        return audit;
    }

    private static Command List()
    {
        var hierarchy = new Option<string?>("--hierarchy") { Description = "Only this hierarchy" };
        var procedure = new Option<long?>("--procedure") { Description = "Only this procedure" };
        var command = new Command("list", "The timeline of transitions and decisions: who moved what, when, and why") { hierarchy, procedure };
        CliAction.SetQuery(command, r => new ListAuditQuery(r.GetValue(hierarchy), r.GetValue(procedure)), Tables.Audit);
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Recompute the hash chain of the journal");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var verification = await services.Mediator.Send(new VerifyAuditQuery(), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(verification);
            }
            else
            {
                Console.Out.WriteLine(verification.FirstBrokenId is { } broken
                    ? $"audit chain BROKEN at row {broken} ({verification.RowsChecked} rows checked)"
                    : $"audit chain holds ({verification.RowsChecked} rows)");
            }

            return verification.FirstBrokenId is null ? ExitCodes.Ok : ExitCodes.ProcedureFailed;
        });
        return command;
    }
}
