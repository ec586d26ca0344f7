using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Leadership;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.Leadership;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>`cluster validate FILE [--json]`, `cluster apply FILE [--dry-run] [--force] [--apply-renames] [--json]` and `cluster runners [--json]`.</summary>
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
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (the changes and every refusal or warning) and change nothing; exit 2 if applying would be refused" };
        var force = new Option<bool>("--force") { Description = "Apply despite S6 warnings (swapped priorities, the primary unextended); the audit row lists the warnings overridden" };
        var applyRenames = new Option<bool>("--apply-renames") { Description = "S11: rename the databases of a node added to a hierarchy to the primary's names (without it such an extension is refused, listing the renames)" };
        var command = new Command("apply",
            "Plan and apply a cluster definition: the changes from the stored one are checked against what is running with the hierarchy commands' rules (re-applying the same file is a no-op)")
        {
            file, dryRun, force, applyRenames,
        };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var parsed = await DefinitionFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (parsed.Definition is not { } definition)
            {
                throw new DefinitionInvalidException(path, parsed.Errors.Select(e => e.Format(path)).ToList());
            }

            WriteWarnings(path, parsed);
            var dataDir = GlobalOptions.ResolveDataDir(result);
            var forced = result.GetValue(force);
            var request = new ApplyClusterCommand(path, GlobalOptions.ResolveActor(result), result.GetValue(dryRun), forced, result.GetValue(applyRenames));
            if (request.DryRun)
            {
                // Nothing stored yet: planned without opening (so without creating) the data directory.
                if (StoreSettings.ForInvocation(dataDir).Kind == StoreKind.Sqlite && !new OrchestratorDatabase(dataDir).HoldsData)
                {
                    return WritePlan(ApplyPlanner.First(definition), forced, result.GetValue(GlobalOptions.Json));
                }

                await using var existing = CliServices.ForExisting(dataDir, result.GetValue(GlobalOptions.LogJson), reconcile: false);
                var planned = await existing.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
                return WritePlan(planned.Plan!, forced, result.GetValue(GlobalOptions.Json));
            }

            await using var services = CliServices.ForNew(dataDir, result.GetValue(GlobalOptions.LogJson));
            var applied = await services.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(new AppliedDefinition(applied.Cluster, applied.Version, applied.Changed, applied.Repeats, applied.Hierarchies, applied.Notes, DefinitionWarning.Of(parsed.Warnings))
                {
                    Changes = applied.Plan?.Changes ?? [],
                    Overridden = [.. applied.Plan?.Verdict.Warnings.Select(w => w.Message) ?? []],
                });
            }

            Console.Out.WriteLine(applied.Changed
                ? $"applied cluster {applied.Cluster} as definition v{applied.Version}{(applied.Repeats is { } earlier ? $", the same text as v{earlier}" : "")} ({string.Join(", ", applied.Hierarchies)})"
                : $"cluster {applied.Cluster} definition v{applied.Version} is already current; nothing changed");
            if (applied.Changed && applied.Plan is { } plan)
            {
                foreach (var change in plan.Changes)
                {
                    Console.Out.WriteLine($"  {change}");
                }

                foreach (var warning in plan.Verdict.Warnings)
                {
                    Console.Out.WriteLine($"overrode with --force: {warning.Message}");
                }
            }

            foreach (var note in applied.Notes)
            {
                Console.Out.WriteLine(note);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// `cluster apply --dry-run`: the plan in plain lines (or <see cref="ApplyPlanJson"/>); exit 2 when applying would be
    /// refused (or needs --force that was not given), 0 otherwise. Changes nothing.
    /// </summary>
    private static int WritePlan(ApplyPlan plan, bool force, bool json)
    {
        var outcome = ApplyPlanJson.Of(plan, force);
        if (json)
        {
            JsonOutput.Write(outcome);
        }
        else
        {
            var from = plan.FromVersion is { } v ? $"stored definition v{v}" : "no stored definition";
            Console.Out.WriteLine($"plan for cluster {plan.Cluster} from {from} (dry run: nothing changed)");
            if (plan.Current)
            {
                Console.Out.WriteLine("  nothing to do: the file is the current version");
            }
            else if (plan.Changes.Count == 0)
            {
                Console.Out.WriteLine("  no change to the cluster (the text differs: applying stores it as a new version)");
            }

            foreach (var change in plan.Changes)
            {
                Console.Out.WriteLine($"  {change}");
            }

            foreach (var rename in plan.Renames)
            {
                Console.Out.WriteLine($"  rename (S11, with --apply-renames): {rename.Rename} for hierarchy {rename.Hierarchy}");
            }

            foreach (var finding in plan.Verdict.Findings)
            {
                Console.Out.WriteLine(finding.Kind == Domain.Administration.AdminFindingKind.Refused ? $"refused: {finding.Message}" : finding.ToString());
            }

            Console.Out.WriteLine(outcome.Outcome switch
            {
                "refused" => "applying it would be refused (exit 2)",
                "needs-force" => "applying it needs --force (exit 2 without it)",
                "nothing" => "applying it changes nothing",
                _ => "applying it would go on",
            });
        }

        return outcome.Outcome is "refused" or "needs-force" ? ExitCodes.BadInput : ExitCodes.Ok;
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
