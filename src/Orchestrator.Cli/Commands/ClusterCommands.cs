using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Leadership;
using Orchestrator.Storage.Leadership;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>`cluster validate FILE [--json]`, `cluster apply FILE [--json]` and `cluster runners [--json]`.</summary>
public static class ClusterCommands
{
    public static Command Create()
    {
        var cluster = new Command("cluster", "Validate and apply cluster definitions (YAML)");
        cluster.Subcommands.Add(Validate());
        cluster.Subcommands.Add(Apply());
        cluster.Subcommands.Add(Runners());
        return cluster;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "Cluster definition (YAML)" };
        var command = new Command("validate", "Report every error of a cluster definition, with file:line:col and the fix") { file };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var parsed = await DefinitionFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (parsed.Definition is not { } definition)
            {
                throw new DefinitionInvalidException(path, parsed.Errors.Select(e => e.Format(path)).ToList());
            }

            WriteWarnings(path, parsed);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(new ValidatedDefinition(path, definition.Name, definition.Nodes.Count, [.. definition.Hierarchies.Select(h => h.Name)], DefinitionWarning.Of(parsed.Warnings)));
            }

            Console.Out.WriteLine($"{path}: valid — cluster {definition.Name}, {definition.Nodes.Count} nodes, {definition.Hierarchies.Count} hierarchies ({string.Join(", ", definition.Hierarchies.Select(h => h.Name))})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Apply()
    {
        var file = new Argument<string>("FILE") { Description = "Cluster definition (YAML)" };
        var command = new Command("apply", "Validate and store a cluster definition (re-applying the same file is a no-op)") { file };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var parsed = await DefinitionFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (parsed.Definition is null)
            {
                throw new DefinitionInvalidException(path, parsed.Errors.Select(e => e.Format(path)).ToList());
            }

            WriteWarnings(path, parsed);
            await using var services = CliServices.ForNew(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var applied = await services.Mediator.Send(new ApplyClusterCommand(path, GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(new AppliedDefinition(applied.Cluster, applied.Version, applied.Changed, applied.Repeats, applied.Hierarchies, applied.Notes, DefinitionWarning.Of(parsed.Warnings)));
            }

            Console.Out.WriteLine(applied.Changed
                ? $"applied cluster {applied.Cluster} as definition v{applied.Version}{(applied.Repeats is { } earlier ? $", the same text as v{earlier}" : "")} ({string.Join(", ", applied.Hierarchies)})"
                : $"cluster {applied.Cluster} definition v{applied.Version} is already current; nothing changed");
            foreach (var note in applied.Notes)
            {
                Console.Out.WriteLine(note);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Issue 13: each runner (serve, or a command with --wait), its last heartbeat and its age, and the leader with its epoch.</summary>
    private static Command Runners()
    {
        var command = new Command("runners", "List the runners, their heartbeats, and the leader of the single-instance roles (monitor, sweeper) with its epoch");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var view = await RunnersView.ReadAsync(services.Get<ILeaderStore>(), services.Get<TimeProvider>(), services.Get<EngineOptions>().ClaimLease, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(view);
            }

            WriteRunners(view);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteRunners(RunnersView view)
    {
        var table = new Table().Title("runners");
        table.AddColumns("runner", "host", "pid", "started (UTC)", "last heartbeat (UTC)", "age", "leader");
        foreach (var r in view.Runners)
        {
            table.AddRow(Markup.Escape(r.RunnerId), Markup.Escape(r.Host), r.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.LastSeenAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), $"{r.AgeSeconds:0.0} s{(r.Silent ? " [red](silent)[/]" : "")}", r.IsLeader ? "yes" : "");
        }

        AnsiConsole.Write(table);
        var leader = view.Leader;
        Console.Out.WriteLine(leader switch
        {
            null => "leader: none yet (no runner has started)",
            { Live: true } => $"leader: {leader.Holder}, epoch {leader.Epoch}, term until {leader.ExpiresAt:yyyy-MM-dd HH:mm:ss.fff} UTC (renewed every lease/3)",
            _ => $"leader: none — the term of {leader.Holder} (epoch {leader.Epoch}) expired at {leader.ExpiresAt:yyyy-MM-dd HH:mm:ss.fff} UTC; the next runner to renew takes it with epoch {leader.Epoch + 1}",
        });
    }

    /// <summary>Warnings (file:line:col: warning: ...) go to standard error; they do not refuse the definition (exit 0).</summary>
    private static void WriteWarnings(string path, ClusterDefinitionParseResult parsed)
    {
        foreach (var warning in parsed.Warnings)
        {
            Console.Error.WriteLine(warning.Format(path));
        }
    }
}
