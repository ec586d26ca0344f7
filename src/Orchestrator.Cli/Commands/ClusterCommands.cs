using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Cli.Commands;

/// <summary>`cluster validate FILE` and `cluster apply FILE`.</summary>
public static class ClusterCommands
{
    public static Command Create()
    {
        var cluster = new Command("cluster", "Validate and apply cluster definitions (YAML)");
        cluster.Subcommands.Add(Validate());
        cluster.Subcommands.Add(Apply());
        return cluster;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "Cluster definition (YAML)" };
        var command = new Command("validate", "Report every error of a cluster definition, with file:line:col and the fix") { file };
        CliAction.Set(command, (result, _) =>
        {
            var path = result.GetValue(file)!;
            var parsed = ClusterDefinitionParser.ParseFile(path);
            if (parsed.Definition is not { } definition)
            {
                throw new DefinitionInvalidException(path, parsed.Errors.Select(e => e.Format(path)).ToList());
            }

            WriteWarnings(path, parsed);
            Console.Out.WriteLine($"{path}: valid — cluster {definition.Name}, {definition.Nodes.Count} nodes, {definition.Hierarchies.Count} hierarchies ({string.Join(", ", definition.Hierarchies.Select(h => h.Name))})");
            return Task.FromResult(ExitCodes.Ok);
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
            var parsed = ClusterDefinitionParser.ParseFile(path);
            if (parsed.Definition is null)
            {
                throw new DefinitionInvalidException(path, parsed.Errors.Select(e => e.Format(path)).ToList());
            }

            WriteWarnings(path, parsed);
            await using var services = CliServices.ForNew(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var applied = await services.Mediator.Send(new ApplyClusterCommand(path, GlobalOptions.ResolveActor(result)), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Warnings (file:line:col: warning: ...) go to standard error; they do not refuse the definition (exit 0).</summary>
    private static void WriteWarnings(string path, ClusterDefinitionParseResult parsed)
    {
        foreach (var warning in parsed.Warnings)
        {
            Console.Error.WriteLine(warning.Format(path));
        }
    }
}
