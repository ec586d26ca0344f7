using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.UserMove;
using Orchestrator.Workflows.UserMoveBack;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>`users failed [--json]` and `users move --all|--domain D|--user U [--wait]` (S22, message 28523).</summary>
public static class UsersCommands
{
    public static Command Create()
    {
        var users = new Command("users", "Mailbox users that failed to move during a failover or failback, and moving them later");
        users.Subcommands.Add(Failed());
        users.Subcommands.Add(Move());
        return users;
    }

    private static Command Failed()
    {
        var command = new Command("failed", "The users that failed to move (28523) and have not been moved since");
        CliAction.SetQuery(command, _ => new ListFailedUsersQuery(), FailedUsersTable);
        return command;
    }

    private static void FailedUsersTable(IReadOnlyList<Orchestrator.Storage.Users.FailedUserMove> failed)
    {
        var table = new Table().Title("28523: users that failed to move");
        table.AddColumns("user", "domain", "from", "to", "hierarchy", "procedure", "error", "recorded (UTC)");
        foreach (var f in failed)
        {
            table.AddRow(Markup.Escape(f.UserName), Markup.Escape(f.Domain ?? "-"), f.FromServer, f.ToServer, Markup.Escape(f.Hierarchy), $"#{f.ProcedureId}",
                Markup.Escape(f.Error), f.RecordedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static Command Move()
    {
        var all = new Option<bool>("--all") { Description = "Every recorded failed user, and every user of a hierarchy deleted on a backup (S10 repair)" };
        var domain = new Option<string?>("--domain") { Description = "The failed users of one domain (LKMovExUsers -d)" };
        var user = new Option<string?>("--user") { Description = "One failed user (LKExADUtil /MSU)" };
        var wait = WaitOption.Create();
        var command = new Command("move", "Move recorded failed users to the server their hierarchy is on, and the users of a hierarchy deleted on a backup back to its primary, as their own procedures") { all, domain, user, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var chosen = new[] { result.GetValue(all) ? UserSelector.All : null, result.GetValue(domain) is { } d ? UserSelector.Domain(d) : null, result.GetValue(user) is { } u ? UserSelector.User(u) : null }
                .Where(s => s is not null).ToList();
            if (chosen.Count != 1)
            {
                throw new BadInputException("say which users to move: exactly one of --all, --domain DOMAIN or --user USER");
            }

            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(new MoveUsersCommand(chosen[0]!, GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            var json = result.GetValue(GlobalOptions.Json);
            if (json && !result.GetValue(wait))
            {
                return JsonOutput.Write(started); // one document: the started procedures
            }

            var exit = ExitCodes.Ok;
            var ended = new List<Engine.Views.ProcedureView>();
            foreach (var procedure in started)
            {
                if (!json)
                {
                    Console.Out.WriteLine(procedure.Kind == UserMoveBackProcedure.KindName
                        ? $"procedure #{procedure.Id}: move the users of deleted hierarchy {procedure.Hierarchy} back from {procedure.SourceNode} to its primary {procedure.TargetNode}"
                        : $"procedure #{procedure.Id}: move failed users of {procedure.Hierarchy} to {procedure.TargetNode}");
                }

                if (!result.GetValue(wait))
                {
                    ProcedureOutcome.Queued(procedure.Id, scope.DataDirectory);
                    continue;
                }

                var view = await ProcedureWatcher.WatchAsync(scope.Mediator, scope.Availability, procedure.Id, scope.TickAsync, cancellationToken, json).ConfigureAwait(false);
                ended.Add(view);
                exit = Math.Max(exit, json ? ProcedureOutcome.ExitCode(view) : ProcedureOutcome.Report(view, json: false));
            }

            if (json)
            {
                JsonOutput.Write(ended); // one document: every procedure's end state, not one document per procedure
            }

            return exit;
        });
        return command;
    }
}
