using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `update start|status|resume|cancel`: the rolling software update (S29) of a two-node hierarchy, or of the whole
/// cluster one node at a time (--cluster).
/// </summary>
public static class UpdateCommands
{
    public static Command Create()
    {
        var update = new Command("update", "Rolling software update (S29): primary first, the hierarchy kept in service except two planned moves");
        update.Subcommands.Add(Start());
        update.Subcommands.Add(Status());
        update.Subcommands.Add(Resume());
        update.Subcommands.Add(Cancel());
        return update;
    }

    private static Argument<string?> HierarchyArg() =>
        new Argument<string?>("HIERARCHY") { Description = "The two-node hierarchy (leave out with --cluster)", Arity = ArgumentArity.ZeroOrOne }.NameOf("hierarchy");

    private static Option<bool> ClusterOption() => new("--cluster") { Description = "Every node of the cluster, one at a time (3+ nodes: cascading, N+1)" };

    private static Command Start()
    {
        var hierarchy = HierarchyArg();
        var cluster = ClusterOption();
        var package = new Option<string>("--package") { Description = "The version to install, e.g. 6.5.7638", Required = true };
        var at = new Option<string?>("--switchback-at") { Description = "When to move the hierarchy back to the primary: HH:MM (UTC, next occurrence) or an ISO-8601 time; default at once" };
        var retries = new Option<int>("--retries-per-node") { Description = "Cluster: tries per node before it counts as failed", DefaultValueFactory = _ => 3 };
        var maxFailed = new Option<int>("--max-failed-nodes") { Description = "Cluster: the run stops once this many nodes failed", DefaultValueFactory = _ => 1 };
        var wait = WaitOption.Create();
        var command = new Command("start", "Start a rolling update") { hierarchy, cluster, package, at, retries, maxFailed, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var request = new StartRollingUpdateCommand(result.GetValue(hierarchy), result.GetValue(cluster), result.GetValue(package)!,
                ParseTime(result.GetValue(at), DateTimeOffset.UtcNow), GlobalOptions.ResolveActor(result), result.GetValue(retries), result.GetValue(maxFailed));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id,
                $"procedure #{started.Id}: rolling update of {started.Hierarchy} to {request.Package}, {started.Steps} steps",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Status()
    {
        var hierarchy = HierarchyArg();
        var cluster = ClusterOption();
        var wait = new Option<bool>("--wait") { Description = "Follow it live until it ends or needs an operator; runs it here when no serve does" };
        var command = new Command("status", "Per node: state, version before/after, started/finished and what is next; the report with the audit rows once it ended") { hierarchy, cluster, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var query = new GetRollingUpdateQuery(result.GetValue(hierarchy), result.GetValue(cluster));
            var view = await scope.Mediator.Send(query, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(wait))
            {
                await ProcedureWatcher.WatchAsync(scope.Mediator, scope.Availability, view.Id, scope.TickAsync, cancellationToken, result.GetValue(GlobalOptions.Json)).ConfigureAwait(false);
                view = await scope.Mediator.Send(query, cancellationToken).ConfigureAwait(false);
            }

            if (result.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(view);
            }
            else
            {
                UpdateReport.Write(view);
            }

            return view.State is "Completed" || (!result.GetValue(wait) && view.IsActive) ? ExitCodes.Ok : ExitCodes.ProcedureFailed;
        });
        return command;
    }

    private static Command Resume()
    {
        var hierarchy = HierarchyArg();
        var cluster = ClusterOption();
        var wait = WaitOption.Create();
        var command = new Command("resume", "Go on with an update a failover suspended (its preconditions are checked again)") { hierarchy, cluster, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var view = await scope.Mediator.Send(new ResumeRollingUpdateCommand(result.GetValue(hierarchy), result.GetValue(cluster), GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(view, view.Id, $"procedure #{view.Id} resumed in {view.State}",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Cancel()
    {
        var hierarchy = HierarchyArg();
        var cluster = ClusterOption();
        var command = new Command("cancel", "Cancel the update (running or suspended) and restore the switchback type the operator had") { hierarchy, cluster };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var cancelled = await services.Mediator.Send(new CancelRollingUpdateCommand(result.GetValue(hierarchy), result.GetValue(cluster), GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(cancelled);
            }

            Console.Out.WriteLine($"procedure #{cancelled.Procedure.Id} {cancelled.Procedure.State}; in service on {(cancelled.InServiceOn.Count == 0 ? "no node" : string.Join(", ", cancelled.InServiceOn))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"02:00" → the next 02:00 UTC after <paramref name="now"/>; an ISO-8601 time as given; null → null.</summary>
    public static DateTimeOffset? ParseTime(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var today = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(time), TimeSpan.Zero);
            return today > now ? today : today.AddDays(1);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new BadInputException($"--switchback-at '{text}' is not a time; write HH:MM (UTC, e.g. 02:00) or an ISO-8601 time (e.g. 2026-11-26T02:00:00Z)");
    }
}
