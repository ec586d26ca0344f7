using System.CommandLine;
using Orchestrator.Cli.Infrastructure;

namespace Orchestrator.Cli;

/// <summary>The `orchestrator` command line: its commands, global options and exit codes.</summary>
public static class CliApplication
{
    public static RootCommand Build()
    {
        var root = new RootCommand("orchestrator — a durable high-availability orchestrator (failover, switchover, failback as persisted state machines)");
        root.Options.Add(GlobalOptions.DataDir);
        root.Options.Add(GlobalOptions.LogJson);
        root.Options.Add(GlobalOptions.Actor);
        root.Options.Add(GlobalOptions.Json);
        root.Options.Add(GlobalOptions.Store);
        root.Options.Add(GlobalOptions.Connection);
        foreach (var verb in CliVerbs.Create())
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = 200; // tables in files and pipes keep one row per line
        }

        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("see `orchestrator --help` (or `orchestrator COMMAND --help`)");
            return ExitCodes.BadInput;
        }

        StoreSettings.CaptureFlags(parsed.GetValue(GlobalOptions.Store), parsed.GetValue(GlobalOptions.Connection));
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true }).ConfigureAwait(false);
    }
}
