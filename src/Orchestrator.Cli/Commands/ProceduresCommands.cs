using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Engine.Commands.ApproveProcedure;
using Orchestrator.Engine.Commands.CancelProcedure;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Commands.SkipProcedure;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Cli.Commands;

/// <summary>`procedures list|show|retry|skip|cancel|wait|approve|ack`.</summary>
public static class ProceduresCommands
{
    public static Command Create()
    {
        var procedures = new Command("procedures", "List, inspect, retry and cancel procedures");
        procedures.Subcommands.Add(List());
        procedures.Subcommands.Add(Show());
        procedures.Subcommands.Add(Retry());
        procedures.Subcommands.Add(Skip());
        procedures.Subcommands.Add(Cancel());
        procedures.Subcommands.Add(Wait());
        procedures.Subcommands.Add(Approve());
        procedures.Subcommands.Add(Acknowledge());
        return procedures;
    }

    private static Argument<long> IdArgument() => new("ID") { Description = "Procedure id (as `procedures list` shows it, without #)" };

    private static Command List()
    {
        var hierarchy = new Option<string?>("--hierarchy") { Description = "Only this hierarchy" }.NameOf("hierarchy");
        var active = new Option<bool>("--active") { Description = "Only the active procedures (every one, however old), newest first" };
        var limit = new Option<int>("--limit") { Description = "Procedures per page (default 100)", DefaultValueFactory = _ => 100 };
        var after = new Option<long?>("--after") { Description = "The page after this procedure id, i.e. older ones (else the newest)" };
        var command = new Command("list", "List procedures, newest first, a page at a time") { hierarchy, active, limit, after };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var pageSize = result.GetValue(limit);
            if (pageSize is < 1 or > 100_000)
            {
                throw new BadInputException("--limit takes 1 to 100000 procedures");
            }

            var activeOnly = result.GetValue(active);
            if (activeOnly && (result.GetResult(limit) is { Implicit: false } || result.GetValue(after) is not null))
            {
                throw new BadInputException("--active lists every active procedure on one page; leave out --limit and --after");
            }

            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var read = await services.Mediator.Send(
                new ListProceduresQuery(result.GetValue(hierarchy), pageSize + 1, activeOnly, result.GetValue(after)), cancellationToken).ConfigureAwait(false);
            var page = activeOnly ? new ProcedurePage(read, false, null) : ProcedurePage.From(read, pageSize);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(page);
            }

            Tables.Procedures(page.Procedures);
            if (page.NextAfter is { } next)
            {
                var of = result.GetValue(hierarchy) is { } h ? $" --hierarchy {TerminalText.Plain(h)}" : "";
                Console.Out.WriteLine($"more procedures: the next page is `orchestrator procedures list{of} --after {next}{(pageSize == 100 ? "" : $" --limit {pageSize}")}`");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show a procedure and its steps") { id };
        CliAction.SetQuery(command, r => new GetProcedureQuery(r.GetValue(id)), Tables.Procedure);
        return command;
    }

    private static Command Retry() =>
        Resume("retry", "Continue a procedure that waits for an operator, from the failed step", (id, actor) => new RetryProcedureCommand(id, actor));

    private static Command Skip() =>
        Resume("skip", "Continue a procedure that waits for an operator with the step after the failed one (where that step may be skipped)",
            (id, actor) => new SkipProcedureCommand(id, actor));

    private static Command Resume(string name, string description, Func<long, string, Mediator.ICommand<Orchestrator.Engine.Views.ProcedureView>> request)
    {
        var id = IdArgument();
        var wait = WaitOption.Create();
        var command = new Command(name, description) { id, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var message = request(result.GetValue(id), GlobalOptions.ResolveActor(result));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var view = await scope.Mediator.Send(message, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(view, view.Id, $"procedure #{view.Id} resumed in {view.State}",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = IdArgument();
        var command = new Command("cancel", "Stop a procedure where it is and report the state of every resource") { id };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            await using var services = CliServices.ForExisting(dataDir, result.GetValue(GlobalOptions.LogJson));
            var json = result.GetValue(GlobalOptions.Json);
            var actor = GlobalOptions.ResolveActor(result);
            var cancelled = await services.Mediator.Send(new CancelProcedureCommand(result.GetValue(id), actor, WaitForDrain: false), cancellationToken).ConfigureAwait(false);
            if (cancelled.DrainedStep is { } drained)
            {
                if (!json)
                {
                    Console.Out.WriteLine($"cancelling: waiting for {TerminalText.Plain(drained)} to report");
                }

                cancelled = await services.Get<CancelDrainWaiter>().WaitAsync(cancelled.Procedure.Id, drained, actor, cancellationToken).ConfigureAwait(false);
            }

            if (json)
            {
                return JsonOutput.Write(cancelled);
            }

            var p = cancelled.Procedure;
            if (!cancelled.Settled)
            {
                // Nothing is lost: the step's worker ends the cancel when it reports, and the procedure keeps its hierarchy until then.
                Console.Out.WriteLine($"procedure #{p.Id} is {TerminalText.Plain(p.State)}: {TerminalText.Plain(cancelled.DrainedStep ?? "its running step")} has not reported yet; it keeps {TerminalText.Plain(p.Hierarchy)} until then and is cancelled when it reports — see `orchestrator procedures show {p.Id}`");
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($"procedure #{p.Id} cancelled after {p.StepsDone} of {p.Steps.Count} steps; {TerminalText.Plain(p.Hierarchy)} is in service on: {(cancelled.InServiceOn.Count == 0 ? "no node" : TerminalText.Plain(string.Join(", ", cancelled.InServiceOn)))}");
            foreach (var line in cancelled.Resources)
            {
                Console.Out.WriteLine($"  {TerminalText.Plain(line)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Wait()
    {
        var id = IdArgument();
        var command = new Command("wait", "Follow a procedure to its end, running it here when no `serve` is running (resumes after a crash)") { id };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var session = await RunnerSession.OpenAsync(
                GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson), mustRun: false, createIfMissing: false, cancellationToken).ConfigureAwait(false);
            var json = result.GetValue(GlobalOptions.Json);
            var final = await ProcedureWatcher.WatchAsync(session.Mediator, session.Availability, result.GetValue(id), session.TryTakeOverAsync, cancellationToken, json).ConfigureAwait(false);
            return ProcedureOutcome.Report(final, json);
        });
        return command;
    }

    private static Command Approve()
    {
        var id = IdArgument();
        var wait = WaitOption.Create();
        var command = new Command("approve", "Let a procedure held for approval (automatic failover disabled) go on") { id, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var view = await scope.Mediator.Send(new ApproveProcedureCommand(result.GetValue(id), GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(view, view.Id, $"procedure #{view.Id} approved; now {view.State}",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Acknowledge()
    {
        var id = IdArgument();
        var command = new Command("ack", "Acknowledge a failover: lifts the anti-flapping block on its hierarchy") { id };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            Console.Out.WriteLine(TerminalText.Plain(await services.Mediator.Send(new AcknowledgeProcedureCommand(result.GetValue(id), GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
