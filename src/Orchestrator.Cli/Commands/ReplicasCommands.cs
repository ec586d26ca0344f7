using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.ReplicaListUpdate;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `replicas status [H] [--json] [--wait]` and `replicas pause|resume|cancel|retry-failed [H]`: the background
/// public-folder replica-list update after a move (S25).
/// </summary>
public static class ReplicasCommands
{
    public static Command Create()
    {
        var replicas = new Command("replicas", "The background public-folder replica-list update that follows a move (S25)");
        replicas.Subcommands.Add(Status());
        replicas.Subcommands.Add(Change("pause", "Pause it: running batches finish, no new batch starts", ReplicaUpdateOperation.Pause));
        replicas.Subcommands.Add(Change("resume", "Resume a paused update", ReplicaUpdateOperation.Resume));
        replicas.Subcommands.Add(Change("cancel", "Cancel it: folders not written yet keep their lists", ReplicaUpdateOperation.Cancel));
        replicas.Subcommands.Add(Change("retry-failed", "Write the folders that failed after the retry limit again", ReplicaUpdateOperation.RetryFailed));
        return replicas;
    }

    private static Argument<string?> HierarchyArg() =>
        new Argument<string?>("HIERARCHY") { Description = "The hierarchy (default: the newest update of any hierarchy)", Arity = ArgumentArity.ZeroOrOne }.NameOf("hierarchy");

    private static Command Status()
    {
        var hierarchy = HierarchyArg();
        var wait = new Option<bool>("--wait") { Description = "Follow it until it is over (a progress bar on a terminal); runs the batches here when no serve does" };
        var command = new Command("status", "Done / failed / remaining folders, rate and ETA of the newest update, and its failed folders") { hierarchy, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var h = result.GetValue(hierarchy);
            var json = result.GetValue(GlobalOptions.Json);
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var view = result.GetValue(wait)
                ? await ReplicaUpdateWatcher.WatchAsync(scope.Mediator, h, scope.TickAsync, cancellationToken, json).ConfigureAwait(false)
                : await scope.Mediator.Send(new GetReplicaUpdateQuery(h), cancellationToken).ConfigureAwait(false);
            if (view is null)
            {
                throw ReplicaUpdateAudit.NoUpdate(h);
            }

            if (json)
            {
                JsonOutput.Write(view);
            }
            else
            {
                Show(view);
            }

            return !result.GetValue(wait) || view.State == ReplicaUpdateStates.Superseded || view is { State: ReplicaUpdateStates.Completed, Failed: 0 }
                ? ExitCodes.Ok
                : ExitCodes.ProcedureFailed;
        });
        return command;
    }

    private static Command Change(string name, string description, ReplicaUpdateOperation operation)
    {
        var hierarchy = HierarchyArg();
        var command = new Command(name, description) { hierarchy };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var view = await services.Mediator.Send(
                new ChangeReplicaUpdateCommand(result.GetValue(hierarchy), operation, GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(view);
            }

            Console.Out.WriteLine(ReplicaUpdateWatcher.Describe(view));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Show(ReplicaUpdateView v)
    {
        var table = new Table().Title($"replica-list update #{v.Id} of {Markup.Escape(v.Hierarchy)}");
        table.AddColumns("state", "move", "done", "changed", "failed", "remaining", "folders/s", "ETA", "started by");
        table.AddRow(v.State, $"#{v.ProcedureId}: {Markup.Escape(v.FromServer)} → {Markup.Escape(v.ToServer)}", $"{v.Done} / {v.Total}", v.Changed.ToString(CultureInfo.InvariantCulture),
            v.Failed > 0 ? $"[red]{v.Failed}[/]" : "0", v.Remaining.ToString(CultureInfo.InvariantCulture), v.FoldersPerSecond.ToString("0", CultureInfo.InvariantCulture),
            v.EtaSeconds is { } eta ? TimeSpan.FromSeconds(eta).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "-", Markup.Escape(v.RequestedBy));
        AnsiConsole.Write(table);
        if (v.SupersededBy is { } by)
        {
            AnsiConsole.MarkupLine($"superseded by procedure #{by}; its own update sets the final lists");
        }

        if (v.Failures.Count == 0)
        {
            return;
        }

        var failures = new Table().Title("failed folders (retry them with `orchestrator replicas retry-failed`)");
        failures.AddColumns("folder", "attempts", "error", "recorded (UTC)");
        foreach (var f in v.Failures)
        {
            failures.AddRow(Markup.Escape(f.Folder), f.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(f.Error), f.RecordedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(failures);
    }
}
